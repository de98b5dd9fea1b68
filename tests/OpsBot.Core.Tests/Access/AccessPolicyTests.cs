using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Core.Access;
using OpsBot.Core.Configuration;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;
using OpsBot.Testing;

namespace OpsBot.Core.Tests.Access;

public sealed class AccessPolicyTests
{
    private sealed class Groups(Func<string, IReadOnlyCollection<string>> members) : IGroupMembership
    {
        public int Calls;

        /// <summary>When set, reading a group fails (Slack is down).</summary>
        public string? Outage { get; set; }

        public string Platform => "slack";

        public Task<IReadOnlyCollection<string>> MembersAsync(string groupId, CancellationToken cancellationToken)
        {
            Calls++;
            if (Outage is { } outage)
                throw new HttpRequestException(outage);
            return Task.FromResult(members(groupId));
        }
    }

    private static AccessPolicy Policy(Action<OpsBotOptions>? change = null, IGroupMembership? groups = null, TimeProvider? time = null)
    {
        var options = TestOptions.Create();
        change?.Invoke(options);
        return new AccessPolicy(TestMonitor.Of(options), groups is null ? [] : [groups], time ?? new FakeTimeProvider(), NullLogger<AccessPolicy>.Instance);
    }

    [Theory]
    [InlineData("slack:U0CAROL", Role.Viewer)]
    [InlineData("slack:U0ALICE", Role.Deployer)]
    [InlineData("slack:U0BOB", Role.Approver)]
    [InlineData("slack:U0DANA", Role.Admin)]
    [InlineData("teams:6c4c1b1e-0000-4c2a-9e4a-1a2b3c4d5e6f", Role.None)]
    public async Task Each_identity_gets_its_highest_role(string identity, Role expected) =>
        Assert.Equal(expected, await Policy().RoleOfAsync(new Actor(identity), "prod", default));

    [Fact]
    public async Task Higher_roles_include_the_lower_ones()
    {
        var policy = Policy();
        var bob = new Actor("slack:U0BOB", "C0DEPLOYS");
        Assert.Null(await policy.RefusalAsync(bob, "prod", Role.Viewer, default));
        Assert.Null(await policy.RefusalAsync(bob, "prod", Role.Deployer, default));
        Assert.Null(await policy.RefusalAsync(bob, "prod", Role.Approver, default));
        Assert.NotNull(await policy.RefusalAsync(bob, "prod", Role.Admin, default));
    }

    [Fact]
    public async Task Only_allowed_channels_may_act_but_anyone_may_look_from_anywhere()
    {
        var policy = Policy();
        var alice = new Actor("slack:U0ALICE", "C0RANDOM", "alice");
        Assert.Equal("prod can only be acted on from ⟦#slack:C0DEPLOYS⟧; this channel (⟦#slack:C0RANDOM⟧) is not one of them.",
            await policy.RefusalAsync(alice, "prod", Role.Deployer, default));
        Assert.Null(await policy.RefusalAsync(alice, "prod", Role.Viewer, default));
        Assert.Null(await policy.RefusalAsync(alice, "dev", Role.Deployer, default));
    }

    [Fact]
    public async Task A_wildcard_covers_one_platform_only()
    {
        var policy = Policy();
        Assert.Equal(Role.Viewer, await policy.RoleOfAsync(new Actor("slack:U0ANYONE"), "prod", default));
        Assert.Equal(Role.None, await policy.RoleOfAsync(new Actor("teams:U0ANYONE"), "prod", default));
    }

    [Fact]
    public async Task A_user_group_grants_its_members_the_role_and_its_members_are_cached()
    {
        var time = new FakeTimeProvider();
        var groups = new Groups(id => id == "S0APPROVERS" ? ["U0ERIN"] : []);
        var policy = Policy(o => o.Environments["prod"].Roles.Approver.Add("slack-group:S0APPROVERS"), groups, time);
        var erin = new Actor("slack:U0ERIN", "C0DEPLOYS");

        Assert.Equal(Role.Approver, await policy.RoleOfAsync(erin, "prod", default));
        Assert.Equal(Role.Approver, await policy.RoleOfAsync(erin, "prod", default));
        Assert.Equal(1, groups.Calls);
        time.Advance(TimeSpan.FromMinutes(6));
        await policy.RoleOfAsync(erin, "prod", default);
        Assert.Equal(2, groups.Calls);
    }

    [Fact]
    public async Task A_stale_group_membership_is_not_trusted_for_forward_actions_when_slack_cannot_be_read_but_rollback_still_works()
    {
        var time = new FakeTimeProvider();
        var groups = new Groups(id => id == "S0ONCALL" ? ["U0ERIN"] : []);
        var policy = Policy(o => o.Environments["prod"].Roles.Approver.Add("slack-group:S0ONCALL"), groups, time);
        var erin = new Actor("slack:U0ERIN", "C0DEPLOYS");
        Assert.Null(await policy.RefusalAsync(erin, "prod", Role.Approver, default));

        groups.Outage = "usergroups.users.list: 503";
        time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal("That needs the approver role in prod, and ⟦@slack:U0ERIN⟧ has the viewer role " +
                     "(the members of slack-group:S0ONCALL could not be read (usergroups.users.list: 503), and a membership older than 5 minutes " +
                     "is not trusted for this).", await policy.RefusalAsync(erin, "prod", Role.Approver, default));
        Assert.Null(await policy.RefusalAsync(erin, "prod", Role.Approver, default, safe: true));
        Assert.Null(await policy.RefusalAsync(erin, "prod", Role.Viewer, default));

        groups.Outage = null;
        Assert.Null(await policy.RefusalAsync(erin, "prod", Role.Approver, default));
    }

    [Fact]
    public async Task A_group_that_was_never_read_grants_nothing_while_slack_is_down()
    {
        var groups = new Groups(_ => ["U0ERIN"]) { Outage = "invalid_auth" };
        var policy = Policy(o => o.Environments["prod"].Roles.Deployer.Add("slack-group:S0ONCALL"), groups);
        var erin = new Actor("slack:U0ERIN", "C0DEPLOYS");
        Assert.NotNull(await policy.RefusalAsync(erin, "prod", Role.Deployer, default, safe: true));
    }

    [Theory]
    [InlineData("slack:U0ALICE", true)]
    [InlineData("slack:U0ALICE\n", false)]
    [InlineData("slack:*", true)]
    [InlineData("slack-group:S0123ABC", true)]
    [InlineData("teams:6c4c1b1e-0000-4c2a-9e4a-1a2b3c4d5e6f", true)]
    [InlineData("U0ALICE", false)]
    [InlineData("slack:", false)]
    [InlineData("slack:U0 ALICE", false)]
    [InlineData("*", false)]
    public void Identity_entries_are_checked(string entry, bool valid) => Assert.Equal(valid, IdentityPattern.IsValid(entry));

}
