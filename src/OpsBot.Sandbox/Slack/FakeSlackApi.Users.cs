using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Slack;

/// <summary><c>auth.test</c> and <c>usergroups.users.list</c>.</summary>
public static partial class FakeSlackApi
{
    private static SlackAnswer AuthTest(Call call)
    {
        var options = call.Options;
        return SlackAnswer.Ok(new JsonObject
        {
            ["url"] = call.BaseUrl.ToString(),
            ["team"] = options.TeamName,
            ["user"] = options.BotName,
            ["team_id"] = options.TeamId,
            ["user_id"] = options.BotUserId,
            ["bot_id"] = options.BotId,
            ["is_enterprise_install"] = false,
        });
    }

    /// <summary>The members of a user group: <c>{"ok":true,"users":["U...",...]}</c>; an unknown group is
    /// <c>no_such_subteam</c>.</summary>
    private static SlackAnswer UsergroupsUsersList(Call call)
    {
        var id = call.Args.String("usergroup");
        if (string.IsNullOrEmpty(id))
            return SlackAnswer.Explained("invalid_arguments", ["missing required field: usergroup"]);
        if (call.Workspace.UserGroupMembers(id) is not { } members)
            return SlackAnswer.Fail("no_such_subteam");
        return SlackAnswer.Ok(new JsonObject { ["users"] = new JsonArray([.. members.Select(m => (JsonNode)m)]) });
    }
}
