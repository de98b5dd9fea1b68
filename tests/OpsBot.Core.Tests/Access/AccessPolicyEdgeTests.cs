using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Core.Access;
using OpsBot.Core.Configuration;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;
using OpsBot.Testing;

namespace OpsBot.Core.Tests.Access;

/// <summary>The policy's edges: the group cache's expiry to the tick, platforms, the order roles are tried in.</summary>
public sealed class AccessPolicyEdgeTests
{
    private sealed class Groups(string platform, Func<string, IReadOnlyCollection<string>> members) : IGroupMembership
    {
        public List<string> Calls { get; } = [];

        public string? Outage { get; set; }

        public string Platform => platform;

        public Task<IReadOnlyCollection<string>> MembersAsync(string groupId, CancellationToken cancellationToken)
        {
            Calls.Add(groupId);
            return Outage is { } outage ? throw new HttpRequestException(outage) : Task.FromResult(members(groupId));
        }
    }

    private readonly FakeTimeProvider _time = new();
    private readonly OpsBotOptions _options = TestOptions.Create();

    private AccessPolicy Policy(params IGroupMembership[] groups) =>
        new(TestMonitor.Of(_options), groups, _time, NullLogger<AccessPolicy>.Instance);

    private static readonly Actor Erin = new("slack:U0ERIN", "C0DEPLOYS");

    [Fact]
    public async Task A_cached_membership_is_used_until_exactly_the_cache_time_and_read_again_then()
    {
        _options.Environments["prod"].Roles.Approver.Add("slack-group:S0APPROVERS");
        var groups = new Groups("slack", _ => ["U0ERIN"]);
        var policy = Policy(groups);

        await policy.RoleOfAsync(Erin, "prod", default);
        _time.Advance(AccessPolicy.GroupCacheTime - TimeSpan.FromTicks(1));
        await policy.RoleOfAsync(Erin, "prod", default);
        Assert.Single(groups.Calls);

        _time.Advance(TimeSpan.FromTicks(1));
        await policy.RoleOfAsync(Erin, "prod", default);
        Assert.Equal(2, groups.Calls.Count);
    }

    [Fact]
    public async Task A_fresh_cache_needs_no_read_even_during_an_outage_for_forward_actions()
    {
        _options.Environments["prod"].Roles.Approver.Add("slack-group:S0APPROVERS");
        var groups = new Groups("slack", _ => ["U0ERIN"]);
        var policy = Policy(groups);
        Assert.Null(await policy.RefusalAsync(Erin, "prod", Role.Approver, default));
        groups.Outage = "503";
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(await policy.RefusalAsync(Erin, "prod", Role.Approver, default));
        Assert.Single(groups.Calls);
    }

    [Fact]
    public async Task Viewing_may_use_a_stale_membership_during_an_outage()
    {
        _options.Environments["prod"].Roles.Viewer = ["slack-group:S0VIEWERS"];
        var groups = new Groups("slack", _ => ["U0ERIN"]);
        var policy = Policy(groups);
        Assert.Null(await policy.RefusalAsync(Erin, "prod", Role.Viewer, default));
        groups.Outage = "503";
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await policy.RefusalAsync(Erin, "prod", Role.Viewer, default));
        Assert.Equal(Role.Viewer, await policy.RoleOfAsync(Erin, "prod", default));
        Assert.Equal(3, groups.Calls.Count); // a failed read is not cached: each look tries again
    }

    [Fact]
    public async Task A_group_of_another_platform_is_not_asked_about_this_identity()
    {
        _options.Environments["prod"].Roles.Deployer.Add("teams-group:T0OPS");
        var slackGroups = new Groups("slack", _ => ["U0ERIN"]);
        var teamsGroups = new Groups("teams", _ => ["U0ERIN"]);
        var policy = Policy(slackGroups, teamsGroups);
        Assert.Equal(Role.Viewer, await policy.RoleOfAsync(Erin, "prod", default));
        Assert.Empty(slackGroups.Calls);
        Assert.Empty(teamsGroups.Calls);
    }

    [Fact]
    public async Task A_group_is_resolved_by_the_reader_of_its_platform_with_the_identitys_id()
    {
        _options.Environments["prod"].Roles.Deployer.Add("teams-group:T0OPS");
        var slackGroups = new Groups("slack", _ => ["abc"]);
        var teamsGroups = new Groups("teams", id => id == "T0OPS" ? ["abc"] : []);
        var policy = Policy(slackGroups, teamsGroups);
        Assert.Equal(Role.Deployer, await policy.RoleOfAsync(new Actor("teams:abc"), "prod", default));
        Assert.Equal(["T0OPS"], teamsGroups.Calls);
        Assert.Empty(slackGroups.Calls);
        Assert.Equal(Role.None, await policy.RoleOfAsync(new Actor("teams:abcd"), "prod", default));
    }

    [Fact]
    public async Task A_group_nobody_here_can_read_is_named_in_the_refusal()
    {
        _options.Environments["prod"].Roles.Deployer.Add("teams-group:T0OPS");
        var policy = Policy(new Groups("slack", _ => []));
        Assert.Equal("That needs the deployer role in prod, and ⟦@teams:abc⟧ has no role there " +
                     "(members of teams-group:T0OPS cannot be read here).",
            await policy.RefusalAsync(new Actor("teams:abc"), "prod", Role.Deployer, default));
    }

    [Fact]
    public async Task The_first_unreadable_group_is_the_reason_given()
    {
        _options.Environments["prod"].Roles.Admin.Add("slack-group:S0FIRST");
        _options.Environments["prod"].Roles.Approver.Add("slack-group:S0SECOND");
        var groups = new Groups("slack", _ => []) { Outage = "503" };
        var refusal = await Policy(groups).RefusalAsync(Erin, "prod", Role.Approver, default);
        Assert.Contains("slack-group:S0FIRST could not be read", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("S0SECOND", refusal, StringComparison.Ordinal);
        Assert.Contains("has the viewer role", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_direct_entry_after_an_unreadable_group_grants_the_role_without_a_problem()
    {
        _options.Environments["prod"].Roles.Approver = ["slack-group:S0DOWN", "slack:U0ERIN"];
        var groups = new Groups("slack", _ => []) { Outage = "503" };
        Assert.Null(await Policy(groups).RefusalAsync(Erin, "prod", Role.Approver, default));
    }

    [Fact]
    public async Task The_highest_role_wins_and_lower_entries_are_not_read()
    {
        _options.Environments["prod"].Roles.Admin.Add("slack:U0ERIN");
        _options.Environments["prod"].Roles.Viewer.Add("slack-group:S0VIEW");
        var groups = new Groups("slack", _ => ["U0ERIN"]);
        Assert.Equal(Role.Admin, await Policy(groups).RoleOfAsync(Erin, "prod", default));
        Assert.Empty(groups.Calls);
    }

    [Fact]
    public async Task An_unknown_environment_gives_no_role_and_the_system_every_role()
    {
        var policy = Policy();
        Assert.Equal(Role.None, await policy.RoleOfAsync(Erin, "nowhere", default));
        Assert.Equal(Role.Admin, await policy.RoleOfAsync(Actor.System, "nowhere", default));
        Assert.Null(await policy.RefusalAsync(Actor.System, "nowhere", Role.Admin, default));
        Assert.Equal("That needs the viewer role in nowhere, and ⟦@slack:U0ERIN⟧ has no role there.",
            await policy.RefusalAsync(Erin, "nowhere", Role.Viewer, default));
    }

    [Fact]
    public async Task A_request_without_a_channel_is_not_held_to_the_allowed_channels()
    {
        var alice = new Actor("slack:U0ALICE");
        Assert.Null(await Policy().RefusalAsync(alice, "prod", Role.Deployer, default));
    }

    [Fact]
    public async Task The_role_a_person_has_is_named_in_the_refusal()
    {
        Assert.Equal("That needs the approver role in prod, and ⟦@slack:U0ALICE⟧ has the deployer role.",
            await Policy().RefusalAsync(new Actor("slack:U0ALICE", "C0DEPLOYS"), "prod", Role.Approver, default));
    }

    [Fact]
    public async Task Several_allowed_channels_are_all_named()
    {
        _options.Environments["prod"].AllowedChannels = ["C0A", "C0B"];
        Assert.Equal("prod can only be acted on from ⟦#slack:C0A⟧, ⟦#slack:C0B⟧; this channel (⟦#slack:C0DEPLOYS⟧) is not one of them.",
            await Policy().RefusalAsync(new Actor("slack:U0ALICE", "C0DEPLOYS"), "prod", Role.Deployer, default));
        Assert.Null(await Policy().RefusalAsync(new Actor("slack:U0ALICE", "C0B"), "prod", Role.Deployer, default));
    }
}
