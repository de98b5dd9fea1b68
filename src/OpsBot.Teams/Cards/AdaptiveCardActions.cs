using System.Text.Json;
using OpsBot.Core.Notifications.Cards;

namespace OpsBot.Teams.Cards;

/// <summary>What a click on one of OpsBot's cards asks for: the verb and the value (a button's, a chosen flag's, or an entity key).</summary>
/// <param name="Verb"><see cref="AdaptiveCardActions.Act"/>, <see cref="AdaptiveCardActions.Confirm"/> or <see cref="AdaptiveCardActions.Refresh"/>.</param>
/// <param name="Value">For act and confirm a button's value (or the incident flag choice, <see cref="IncidentCard.ParseFlagChoice"/>); for refresh an entity key.</param>
/// <param name="Automatic">Teams ran it by itself (a refresh), not a person's click.</param>
internal sealed record TeamsCardAction(string Verb, string Value, bool Automatic);

/// <summary>
/// The contract between OpsBot's Adaptive Cards and the invokes they cause: verbs, where the value travels
/// (<c>data.opsbot</c>, or <c>data.opsbotChoice</c> for the incident's flag select), the entity key a card refreshes
/// by, and <see cref="Read"/>, which accepts only what OpsBot's own cards send.
/// </summary>
internal static class AdaptiveCardActions
{
    /// <summary>Run the button's value now.</summary>
    public const string Act = "act";

    /// <summary>Answer with the confirm card (<see cref="AdaptiveCardRenderer.RenderConfirm"/>) for the button's value.</summary>
    public const string Confirm = "confirm";

    /// <summary>Answer with the entity's current card (Teams' automatic refresh, and Cancel on a confirm card).</summary>
    public const string Refresh = "refresh";

    /// <summary>The key of the value in an action's data.</summary>
    public const string DataKey = "opsbot";

    /// <summary>The entity key of a confirm card's Cancel when the original card has none: answer with a plain "cancelled".</summary>
    public const string NoEntity = "none";

    /// <summary>
    /// What a card refreshes by: <c>deployment|dep-abc</c>, <c>flags|flg-abc</c>, <c>incident|inc-abc</c>; null for a
    /// card with no entity behind it (a health card answers one request).
    /// </summary>
    public static string? EntityKey(ChatCard card) => card switch
    {
        DeploymentCard d => "deployment|" + d.DeploymentId,
        FlagCard f => "flags|" + f.ChangeId,
        IncidentCard i => "incident|" + i.IncidentId,
        _ => null,
    };

    /// <summary>Reads an entity key back: (kind, id), or null when it is not one.</summary>
    public static (string Kind, string Id)? ParseEntityKey(string? key)
    {
        var parts = key?.Split('|');
        return parts is { Length: 2 } && parts[0] is "deployment" or "flags" or "incident" && parts[1].Length is > 0 and <= 64
            ? (parts[0], parts[1])
            : null;
    }

    /// <summary>
    /// Reads an <c>adaptiveCard/action</c> invoke's <c>value</c> (<c>{"action":{"type":"Action.Execute","verb",
    /// "data"},"trigger"}</c>): our verb and a string value of at most <see cref="AdaptiveCardLimits.ActionValue"/>
    /// characters, else null (anything else is not from OpsBot's cards, or was tampered with).
    /// </summary>
    public static TeamsCardAction? Read(JsonElement invokeValue)
    {
        if (invokeValue.ValueKind != JsonValueKind.Object ||
            !invokeValue.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object ||
            !action.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Action.Execute" ||
            !action.TryGetProperty("verb", out var verbElement) || verbElement.ValueKind != JsonValueKind.String ||
            verbElement.GetString() is not (Act or Confirm or Refresh) ||
            !action.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            return null;
        var verb = verbElement.GetString()!;
        // The flag select's action carries no value of its own: the choice is the value.
        var value = verb != Refresh && String(data, IncidentAdaptiveCard.ChoiceId) is { } choice ? choice : String(data, DataKey);
        if (value is null)
            return null;
        var automatic = invokeValue.TryGetProperty("trigger", out var trigger) && trigger.ValueKind == JsonValueKind.String && trigger.GetString() == "automatic";
        return new TeamsCardAction(verb, value, automatic);
    }

    private static string? String(JsonElement data, string name) =>
        data.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String &&
        element.GetString() is { Length: > 0 and <= AdaptiveCardLimits.ActionValue } value
            ? value
            : null;
}
