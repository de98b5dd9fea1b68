using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.Slack;

/// <summary>usergroups.users.list.</summary>
public sealed class UserGroupsTests : SlackTestBase
{
    [Fact]
    public async Task Lists_a_groups_members()
    {
        var answer = await FormAsync("usergroups.users.list", [F("usergroup", "S0APPROVERS")]);

        Assert.True(answer.Ok, answer.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["U0ALICE","U0BOB"]"""), answer.Body["users"]));
    }

    [Fact]
    public async Task Works_with_a_GET_query_string_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.ApiUrl, "usergroups.users.list?usergroup=S0APPROVERS"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(2, body["users"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_unknown_group_is_no_such_subteam_and_one_missing_is_invalid_arguments()
    {
        var unknown = await FormAsync("usergroups.users.list", [F("usergroup", "S0NOPE")]);
        var missing = await FormAsync("usergroups.users.list", []);

        Assert.Equal("no_such_subteam", unknown.Error);
        Assert.Equal("invalid_arguments", missing.Error);
    }

    [Fact]
    public async Task Needs_the_usergroups_read_scope()
    {
        Server.Options.Scopes.Remove("usergroups:read");

        var answer = await FormAsync("usergroups.users.list", [F("usergroup", "S0APPROVERS")]);

        Assert.Equal(("missing_scope", "usergroups:read"), (answer.Error, answer.String("needed")));
    }
}
