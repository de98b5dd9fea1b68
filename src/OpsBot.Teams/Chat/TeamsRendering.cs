using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OpsBot.Core.Commands;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Flags;
using OpsBot.Core.Identity;
using OpsBot.Core.Incidents;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Teams.Cards;

namespace OpsBot.Teams.Chat;

/// <summary>
/// Draws what OpsBot sends to Teams with what only the adapter knows (<see cref="TeamsCardContext"/>): the names of
/// the Teams people a card or a text mentions, the people whose clients refresh a card to see their own buttons (the
/// requester and every approver and admin with a Teams identity, as Teams ids, at most 60), and chart images hosted by
/// <see cref="TeamsImages"/>.
/// </summary>
internal sealed partial class TeamsRendering(TeamsDirectory directory, TeamsImages images, IOptionsMonitor<OpsBotOptions> options,
    IOptions<TeamsOptions> teams)
{
    /// <summary>A card to post or to put in place of the one shown, refreshed per person.</summary>
    public async Task<JsonObject> CardMessageAsync(ChatCard card, CancellationToken cancellationToken) =>
        TeamsActivities.Card(card, await ContextAsync(card, [], cancellationToken));

    /// <summary>A card answering one command (<c>/health</c>), its charts as hosted images.</summary>
    public async Task<JsonObject> CardActivityAsync(ChatCard card, IReadOnlyList<ChatFile> files, CancellationToken cancellationToken)
    {
        var urls = new List<Uri>();
        if (!string.IsNullOrEmpty(teams.Value.PublicBaseUrl))
        {
            foreach (var file in files)
                urls.Add(await images.SaveAsync(file.Content, cancellationToken));
        }
        return TeamsActivities.Card(card, await ContextAsync(card, urls, cancellationToken));
    }

    /// <summary>A line of a card's timeline (Core text, people as references).</summary>
    public async Task<JsonObject> TextActivityAsync(string text, CancellationToken cancellationToken) =>
        TeamsReply.Render(CommandResult.Done(text), await ContextAsync(text, cancellationToken));

    /// <summary>The answer to one person's command; when <paramref name="mention"/> is set (said in a thread for all to see), it names them (first, unless it does already).</summary>
    public async Task<JsonObject> ReplyActivityAsync(CommandResult result, Actor? mention, CancellationToken cancellationToken)
    {
        if (mention is not null && !result.Message.Contains(mention.Mention, StringComparison.Ordinal))
            result = result with { Message = $"{mention.Mention} {result.Message}" };
        return TeamsReply.Render(result, await ContextAsync(result.Message, cancellationToken));
    }

    public static TeamsCardAction? ReadAction(JsonElement value) => AdaptiveCardActions.Read(value);

    /// <summary>The entity a card's refresh names (<see cref="AdaptiveCardActions.EntityKey"/>), or null.</summary>
    public static EntityRef? EntityOf(string key) => AdaptiveCardActions.ParseEntityKey(key) switch
    {
        ("deployment", var id) => new EntityRef(EntityRef.DeploymentKind, id),
        ("flags", var id) => FlagChangeEntity.Of(id),
        ("incident", var id) => IncidentEntity.Of(id),
        _ => null,
    };

    public async Task<JsonObject> InvokeCardAsync(ChatCard card, CancellationToken cancellationToken) =>
        TeamsActivities.CardResponse(AdaptiveCardRenderer.Render(card, await ContextAsync(card, [], cancellationToken)));

    public async Task<JsonObject> InvokeConfirmAsync(ChatCard card, CardButton button, CancellationToken cancellationToken) =>
        TeamsActivities.CardResponse(AdaptiveCardRenderer.RenderConfirm(card, button, await ContextAsync(card, [], cancellationToken)));

    /// <summary>The clicked card replaced by the answer: its buttons when it offers some (a confirmation), else its text.</summary>
    public async Task<JsonObject> InvokeReplyAsync(CommandResult result, CancellationToken cancellationToken)
    {
        var reply = TeamsReply.Render(result, await ContextAsync(result.Message, cancellationToken));
        if (reply["attachments"]?[0]?["content"] is JsonObject card)
            return TeamsActivities.CardResponse((JsonObject)card.DeepClone());
        return TeamsActivities.CardResponse(new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = AdaptiveCardRenderer.Schema,
            ["version"] = "1.5",
            ["body"] = new JsonArray(AdaptiveCardWriter.Text(reply["text"]?.GetValue<string>() ?? "")),
            ["msteams"] = new JsonObject { ["width"] = "Full", ["entities"] = reply["entities"]?.DeepClone() ?? new JsonArray() },
        });
    }

    /// <summary>A result as plain text (a toast): people by name where Teams told OpsBot their names.</summary>
    public async Task<string> PlainTextAsync(CommandResult result, CancellationToken cancellationToken)
    {
        var context = await ContextAsync(result.Message, cancellationToken);
        return TeamsText.Plain(result.Message, 500, context.DisplayName);
    }

    public static JsonObject InvokeError(int status, string code, string message) => TeamsActivities.ErrorResponse(status, code, message);

    public static JsonObject InvokeMessage(string text) => TeamsActivities.MessageResponse(text);

    /// <summary>A chart in a card's thread: a small card with its title and the image OpsBot serves.</summary>
    public static JsonObject ImageActivity(string title, Uri url) => TeamsActivities.Card(new JsonObject
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = AdaptiveCardRenderer.Schema,
        ["version"] = "1.5",
        ["body"] = new JsonArray(
            AdaptiveCardWriter.Text(TeamsText.Escape(TeamsText.Truncate(title, 200)), bold: true),
            new JsonObject { ["type"] = "Image", ["url"] = url.AbsoluteUri, ["altText"] = TeamsText.Truncate(title, 200), ["size"] = "Stretch" }),
    }, TeamsText.Truncate(title, 200));

    private Task<TeamsCardContext> ContextAsync(string text, CancellationToken cancellationToken) => NamesAsync(text, [], [], cancellationToken);

    private async Task<TeamsCardContext> ContextAsync(ChatCard card, IReadOnlyList<Uri> urls, CancellationToken cancellationToken)
    {
        // Only a card of an entity refreshes: its key brings the person their own buttons.
        var refresh = AdaptiveCardActions.EntityKey(card) is null ? [] : Refreshers(card);
        return await NamesAsync(JsonSerializer.Serialize(card, card.GetType()), refresh, urls, cancellationToken);
    }

    private async Task<TeamsCardContext> NamesAsync(string text, IReadOnlyList<string> refresh, IReadOnlyList<Uri> urls, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        // Someone named by their Slack identity is drawn as the Teams user OpsBot:People says they are.
        string InTeams(string identity) =>
            identity.StartsWith(TeamsDirectory.Platform + ":", StringComparison.Ordinal) ? identity
            : o.IdentitiesOf(identity).FirstOrDefault(i => i.StartsWith(TeamsDirectory.Platform + ":", StringComparison.Ordinal)) ?? identity;
        var named = Identity().Matches(text).Select(m => InTeams(m.Value));
        var people = await directory.PeopleAsync([.. named, .. refresh], cancellationToken);
        var ids = refresh.Select(identity => people.GetValueOrDefault(identity)?.Id).OfType<string>().Distinct().Take(AdaptiveCardLimits.RefreshUsers).ToList();
        return new TeamsCardContext(identity => people.GetValueOrDefault(InTeams(identity))?.Name, ids, urls) { InTeams = InTeams };
    }

    /// <summary>The Teams identities whose clients refresh <paramref name="card"/>: who asked, and every approver and admin of any environment.</summary>
    private List<string> Refreshers(ChatCard card)
    {
        var o = options.CurrentValue;
        var requester = card switch
        {
            DeploymentCard d => d.RequestedBy,
            FlagCard f => f.RequestedBy,
            _ => null,
        };
        var candidates = o.Environments.Values.SelectMany(e => e.Roles.Approver.Concat(e.Roles.Admin)).Prepend(requester).OfType<string>();
        return [.. candidates.SelectMany(o.IdentitiesOf).Where(i => i.StartsWith(TeamsDirectory.Platform + ":", StringComparison.Ordinal)).Distinct()];
    }

    /// <summary>An identity as Core writes it (<c>teams:&lt;aad&gt;</c>, <c>slack:U0BOB</c>).</summary>
    [GeneratedRegex(@"\b[a-z][a-z0-9]*:[A-Za-z0-9._@-]{1,64}")]
    private static partial Regex Identity();
}
