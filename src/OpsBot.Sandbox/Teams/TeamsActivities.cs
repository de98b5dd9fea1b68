using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpsBot.Sandbox.Teams;

/// <summary>
/// The activities Teams sends a bot, built as Teams builds them: a channel message that @mentions the bot (with its
/// mention entity and the team's channel data) and the <c>adaptiveCard/action</c> invoke of an <c>Action.Execute</c>.
/// </summary>
public static partial class TeamsActivities
{
    /// <summary>
    /// A new post in <paramref name="channel"/> by <paramref name="person"/>: <paramref name="typed"/> with or without a
    /// leading <c>@OpsBot</c> becomes <c>&lt;at&gt;OpsBot&lt;/at&gt; …</c> with its mention entity. The connector gives it
    /// its id and its conversation (the new thread's, <c>{channel};messageid={id}</c>) when it is posted.
    /// </summary>
    public static JsonObject Message(TeamsSandboxOptions options, TeamsSandboxPerson person, TeamsSandboxChannel channel, string typed)
    {
        var mention = $"<at>{options.BotName}</at>";
        var rest = LeadingMention().Replace(typed.Trim(), "", 1);
        if (rest.StartsWith('@') && rest[1..].StartsWith(options.BotName, StringComparison.OrdinalIgnoreCase))
            rest = rest[(1 + options.BotName.Length)..];
        var activity = Common(options, person, channel, channel.Id, "message");
        activity["text"] = $"{mention} {rest.Trim()}".TrimEnd();
        activity["textFormat"] = "plain";
        activity["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "text/html", ["content"] = $"<p>{mention} {System.Net.WebUtility.HtmlEncode(rest.Trim())}</p>" });
        activity["entities"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "mention",
                ["text"] = mention,
                ["mentioned"] = new JsonObject { ["id"] = options.BotMri, ["name"] = options.BotName },
            },
            new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["country"] = "US", ["platform"] = "Web", ["timezone"] = "UTC" });
        return activity;
    }

    /// <summary>
    /// The invoke Teams sends when <paramref name="person"/> clicks an <c>Action.Execute</c> (<paramref name="trigger"/>
    /// <c>manual</c>) or shows a card whose <c>refresh</c> names them (<c>automatic</c>), on the card
    /// <paramref name="cardActivityId"/> of the thread <paramref name="conversationId"/>.
    /// </summary>
    public static JsonObject Invoke(TeamsSandboxOptions options, TeamsSandboxPerson person, TeamsSandboxChannel channel, string conversationId,
        string cardActivityId, string? actionId, string verb, JsonNode? data, string trigger)
    {
        var activity = Common(options, person, channel, conversationId, "invoke");
        activity["id"] = $"f:{Guid.NewGuid():N}";
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = cardActivityId;
        var action = new JsonObject { ["type"] = "Action.Execute" };
        if (actionId is not null)
            action["id"] = actionId;
        action["verb"] = verb;
        action["data"] = data?.DeepClone() ?? new JsonObject();
        activity["value"] = new JsonObject { ["action"] = action, ["trigger"] = trigger };
        activity["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["country"] = "US", ["platform"] = "Web", ["timezone"] = "UTC" });
        return activity;
    }

    private static JsonObject Common(TeamsSandboxOptions options, TeamsSandboxPerson person, TeamsSandboxChannel channel, string conversationId, string type)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["type"] = type,
            ["timestamp"] = now,
            ["localTimestamp"] = now,
            ["serviceUrl"] = options.ServiceUrl.ToString(),
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = person.Mri, ["name"] = person.Name, ["aadObjectId"] = person.AadObjectId },
            ["recipient"] = new JsonObject { ["id"] = options.BotMri, ["name"] = options.BotName },
            ["conversation"] = new JsonObject
            {
                ["isGroup"] = true,
                ["conversationType"] = "channel",
                ["tenantId"] = options.TenantId,
                ["id"] = conversationId,
            },
            ["channelData"] = new JsonObject
            {
                ["teamsChannelId"] = channel.Id,
                ["teamsTeamId"] = options.TeamId,
                ["channel"] = new JsonObject { ["id"] = channel.Id, ["name"] = channel.Name },
                ["team"] = new JsonObject { ["id"] = options.TeamId, ["name"] = options.TeamName },
                ["tenant"] = new JsonObject { ["id"] = options.TenantId },
            },
            ["locale"] = "en-US",
        };
    }

    [GeneratedRegex(@"^<at>[^<]*</at>\s*", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingMention();
}
