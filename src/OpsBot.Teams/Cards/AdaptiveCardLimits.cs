using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsBot.Teams.Cards;

/// <summary>
/// The limits a Teams card is kept within: the message size Teams accepts (about 28 KB, community-observed), what
/// renderers draw (at most 5 top-level actions, refresh for at most 60 users), and the budgets of each part, so that no
/// card OpsBot builds is refused. Budgets are in UTF-16 characters and shrink with the renderer's scale when a card
/// would still be too large.
/// </summary>
internal static class AdaptiveCardLimits
{
    /// <summary>A card's serialized size (<see cref="SizeOf"/>) stays below this: 28 KB less room for the activity around it.</summary>
    public const int MaxCardBytes = 26 * 1024;

    /// <summary>Teams' limit on a whole message activity.</summary>
    public const int MaxMessageBytes = 28 * 1024;

    /// <summary>Users whose clients run the card's refresh automatically (Teams' documented maximum).</summary>
    public const int RefreshUsers = 60;

    /// <summary>Top-level actions: the renderers' default host config (<c>maxActions</c>) shows 5 and drops the card's validation past it.</summary>
    public const int Actions = 5;

    /// <summary>A button's value longer than this is left out (and refused by <see cref="AdaptiveCardActions.Read"/>).</summary>
    public const int ActionValue = 512;

    public const int ActionTitle = 80;
    public const int Title = 300;
    public const int Headline = 600;
    public const int Reason = 1500;
    public const int FactTitle = 60;
    public const int FactValue = 400;
    public const int Line = 400;
    public const int ConfirmText = 600;

    /// <summary>Total characters of one list (steps, checks, notes, flags, facts, errors…).</summary>
    public const int ListBudget = 3000;

    public const int Steps = 25;
    public const int Checks = 30;
    public const int Notes = 8;
    public const int Facts = 20;
    public const int Flags = 40;
    public const int Choices = 100;
    public const int ChoiceTitle = 80;
    public const int Functions = 12;
    public const int FunctionBudget = 1200;
    public const int Errors = 15;
    public const int Images = 4;
    public const int ImageUrl = 2048;

    /// <summary>A plain-text message (a reply without buttons).</summary>
    public const int MessageText = 4000;

    /// <summary>The notification summary beside a card.</summary>
    public const int Summary = 300;

    /// <summary>How Teams JSON is best written: UTF-8 as is (no \u escapes of non-ASCII, &lt; or &gt;), the smaller form.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The serialized size of <paramref name="node"/> in UTF-8 bytes, the larger of <see cref="JsonOptions"/> and the
    /// default encoder (which writes non-ASCII as \u escapes, up to 12 bytes for an emoji): the budget holds however
    /// the sender serializes.
    /// </summary>
    public static int SizeOf(JsonNode node) =>
        Math.Max(Encoding.UTF8.GetByteCount(node.ToJsonString(JsonOptions)), Encoding.UTF8.GetByteCount(node.ToJsonString()));
}
