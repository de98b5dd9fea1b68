using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.UseCases;

/// <summary>
/// In an environment with gates, a manual rollback with nothing in flight asks first: the answer names where it goes
/// and when that version was last live, and a button tied to the alias as it was confirms it. Every way round the
/// confirmation is tried here: a stale one, a second click, a repeat of the command, a deployment started since, a
/// forged value, a person without the role, a replayed click.
/// </summary>
public sealed class RollbackConfirmationTests
{
    private const string Fn = "lambda_router";

    [Fact]
    public async Task A_rollback_with_nothing_in_flight_in_a_gated_environment_asks_first_and_changes_nothing()
    {
        await using var h = OpsBotHarness.Create();
        var before = h.Lambda.Alias("prod", Fn);

        var asked = await h.RollbackAsync(Alice, Fn, reason: "latency after 4");

        Assert.Equal(CommandStatus.Confirm, asked.Status);
        Assert.False(asked.IsError);
        Assert.Equal("Roll back lambda_router:live in prod? This moves all traffic from version 4 to version 3 (older than OpsBot's history of this alias) " +
                     "at once, with no canary. It now routes 100% on version 4. Nothing has changed yet: confirm with the button.", asked.Message);
        var button = Assert.Single(asked.Actions);
        Assert.Equal("Roll back to version 3", button.Label);
        Assert.Equal($"rollback|prod|lambda_router|3|{before.RevisionId}|latency after 4", button.Value);
        Assert.Equal(before, h.Lambda.Alias("prod", Fn));
        Assert.Empty(await h.Store.ListAsync(new DeploymentQuery("prod", Fn), default));
    }

    [Fact]
    public async Task The_confirmation_names_when_the_version_was_last_live_and_the_click_rolls_back_with_the_reason()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Gates.PromotionApproval = false);
        var release = await h.StartAsync(Alice, Fn, version: "5");
        await h.PollForAsync(TimeSpan.FromMinutes(6));
        Assert.Equal("5", h.Lambda.Alias("prod", Fn).PrimaryVersion);
        h.Options.Environments["prod"].Gates.PromotionApproval = true;
        var replaced = (await h.GetAsync(release.Deployment!.Id)).CreatedAt;

        var asked = await h.RollbackAsync(Alice, Fn, reason: "latency after 5");

        Assert.Contains($"from version 5 to version 4 (live until {replaced:yyyy-MM-dd HH:mm} UTC by {release.Deployment.Id})", asked.Message, StringComparison.Ordinal);
        var done = await h.ConfirmAsync(Alice, asked);
        Assert.True(done.IsDone, done.Message);
        Assert.Equal("4", h.Lambda.Alias("prod", Fn).PrimaryVersion);
        var d = await h.GetAsync(done.Deployment!.Id);
        Assert.Equal(DeploymentKind.Rollback, d.Kind);
        Assert.Equal("latency after 5", d.RequestReason);
    }

    [Fact]
    public async Task A_confirmation_for_an_alias_that_moved_since_does_nothing_and_says_so()
    {
        await using var h = OpsBotHarness.Create();
        var asked = await h.RollbackAsync(Alice, Fn);
        h.Lambda.ChangeBehindOpsBotsBack("prod", Fn, primary: "4", additional: "5", weight: 0.1);
        var moved = h.Lambda.Alias("prod", Fn);

        var stale = await h.ConfirmAsync(Alice, asked);

        Assert.Equal(CommandStatus.Refused, stale.Status);
        Assert.Equal("lambda_router:live in prod changed since that confirmation was offered (it now routes 90% on version 4, 10% on version 5), " +
                     "so nothing was changed. Run /rollback lambda_router again to see where it would go now.", stale.Message);
        Assert.Equal(moved, h.Lambda.Alias("prod", Fn));
        Assert.Empty(await h.Store.ListAsync(new DeploymentQuery("prod", Fn), default));
    }

    [Fact]
    public async Task A_second_click_and_a_repeated_command_never_walk_back_further_without_a_new_confirmation()
    {
        await using var h = OpsBotHarness.Create();
        var asked = await h.RollbackAsync(Alice, Fn);
        Assert.True((await h.ConfirmAsync(Alice, asked)).IsDone);
        Assert.Equal("3", h.Lambda.Alias("prod", Fn).PrimaryVersion);

        var second = await h.ConfirmAsync(Bob, asked);
        var repeated = await h.RollbackAsync(Alice, Fn);

        Assert.Equal(CommandStatus.Refused, second.Status);
        Assert.Contains("changed since that confirmation was offered", second.Message, StringComparison.Ordinal);
        Assert.Equal(CommandStatus.Confirm, repeated.Status);
        Assert.Equal("3", h.Lambda.Alias("prod", Fn).PrimaryVersion);
        Assert.Single(await h.Store.ListAsync(new DeploymentQuery("prod", Fn), default));
    }

    [Fact]
    public async Task A_replayed_click_is_a_duplicate_and_does_nothing_again()
    {
        await using var h = OpsBotHarness.Create();
        var asked = await h.RollbackAsync(Alice, Fn);

        var first = await h.ConfirmAsync(Alice, asked, requestKey: "slack:trigger:1.2.abc");
        var replay = await h.ConfirmAsync(Alice, asked, requestKey: "slack:trigger:1.2.abc");

        Assert.True(first.IsDone, first.Message);
        Assert.Equal(CommandStatus.Duplicate, replay.Status);
        Assert.Single(await h.Store.ListAsync(new DeploymentQuery("prod", Fn), default));
    }

    [Fact]
    public async Task A_deployment_started_since_the_confirmation_is_not_rolled_back_by_it()
    {
        await using var h = OpsBotHarness.Create();
        var asked = await h.RollbackAsync(Alice, Fn);
        var started = await h.StartAsync(Alice, Fn, version: "5");

        var late = await h.ConfirmAsync(Alice, asked);

        Assert.Equal(CommandStatus.Refused, late.Status);
        Assert.Equal($"Deployment {started.Deployment!.Id} started on lambda_router since that confirmation was offered, so nothing was changed; " +
                     "/rollback lambda_router now rolls that deployment back.", late.Message);
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(started.Deployment.Id)).State);
    }

    [Fact]
    public async Task A_forged_confirmation_still_goes_only_to_a_version_that_was_live_and_needs_the_role()
    {
        await using var h = OpsBotHarness.Create();
        var revision = h.Lambda.Alias("prod", Fn).RevisionId;

        var forward = await h.DoAsync((c, ct) => c.RollbackAsync(new(Alice), RollbackConfirmation.Parse($"rollback|prod|{Fn}|5|{revision}")!, ct));
        var viewer = await h.DoAsync((c, ct) => c.RollbackAsync(new(Carol), RollbackConfirmation.Parse($"rollback|prod|{Fn}|3|{revision}")!, ct));

        Assert.Equal(CommandStatus.Refused, forward.Status);
        Assert.Contains("is a deployment, not a rollback: use /deploy lambda_router 5", forward.Message, StringComparison.Ordinal);
        Assert.Equal(CommandStatus.Refused, viewer.Status);
        Assert.Equal("4", h.Lambda.Alias("prod", Fn).PrimaryVersion);
    }

    [Fact]
    public async Task A_finished_release_cannot_be_rolled_back_by_its_id_or_a_stale_card_around_the_confirmation()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Gates.PromotionApproval = false);
        var release = await h.StartAsync(Alice, Fn, version: "5");
        await h.PollForAsync(TimeSpan.FromMinutes(6));
        h.Options.Environments["prod"].Gates.PromotionApproval = true;
        var done = await h.GetAsync(release.Deployment!.Id);
        Assert.Equal(DeploymentState.Succeeded, done.State);

        var byId = await h.ActAsync(Alice, DeploymentAction.Rollback, done.Id);
        var staleCard = await h.ActAsync(Alice, DeploymentAction.Rollback, done.Id, stateVersion: done.StateVersion - 1);

        Assert.Equal(CommandStatus.Refused, byId.Status);
        Assert.Equal(CommandStatus.Refused, staleCard.Status);
        Assert.Equal("5", h.Lambda.Alias("prod", Fn).PrimaryVersion);
    }

    [Fact]
    public async Task A_confirmation_works_while_the_environment_is_frozen()
    {
        await using var h = OpsBotHarness.Create();
        await h.Commands.FreezeAsync(new(Dana), new FreezeCommand(true, "prod", "end-of-year freeze"), default);

        var done = await h.RollbackConfirmedAsync(Alice, Fn);

        Assert.True(done.IsDone, done.Message);
        Assert.Equal("3", h.Lambda.Alias("prod", Fn).PrimaryVersion);
    }

    [Fact]
    public async Task Without_gates_a_rollback_goes_at_once_as_before()
    {
        await using var h = OpsBotHarness.Create();

        var done = await h.RollbackAsync(Alice, Fn, environment: "dev");

        Assert.True(done.IsDone, done.Message);
        Assert.Empty(done.Actions);
        Assert.Equal("3", h.Lambda.Alias("dev", Fn).PrimaryVersion);
    }

    [Fact]
    public async Task Leftover_canary_weight_is_named_in_the_confirmation()
    {
        await using var h = OpsBotHarness.Create();
        h.Lambda.ChangeBehindOpsBotsBack("prod", Fn, primary: "4", additional: "5", weight: 0.1);

        var asked = await h.RollbackAsync(Alice, Fn, targetVersion: "4");

        Assert.Contains("This moves all traffic to version 4, none on version 5 at once", asked.Message, StringComparison.Ordinal);
        Assert.True((await h.ConfirmAsync(Alice, asked)).IsDone);
        Assert.Equal(new AliasTraffic("4", null, 0, h.Lambda.Alias("prod", Fn).RevisionId), h.Lambda.Alias("prod", Fn) with { AdditionalWeight = 0 });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("dep-1|3|Rollback")]
    [InlineData("rollback|prod|lambda_router|3")]
    [InlineData("rollback|prod||3|rev")]
    [InlineData("rollback|prod|lambda router|3|rev")]
    [InlineData("promote|prod|lambda_router|3|rev")]
    public void A_value_that_is_not_a_confirmation_is_not_read_as_one(string? value) =>
        Assert.Null(RollbackConfirmation.Parse(value));

    [Fact]
    public void A_confirmations_value_reads_back_with_a_reason_that_holds_a_bar()
    {
        var value = RollbackConfirmation.Value("prod", Fn, "3", "r-1", "INC-7 | p99 doubled");

        Assert.Equal(new RollbackCommand(Fn, "3", "prod", "INC-7 | p99 doubled") { ConfirmedRevision = "r-1", Root = "/rollback" }, RollbackConfirmation.Parse(value));
        Assert.Null(RollbackConfirmation.Parse(RollbackConfirmation.Value("prod", Fn, "3", "r-1", null))!.Reason);
    }
}
