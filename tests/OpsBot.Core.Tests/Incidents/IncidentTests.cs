using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Alarms;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Incidents;
using OpsBot.Core.Notifications;
using OpsBot.Core.Ports;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Incidents;

/// <summary>Alarms pushed in: a rollback at once for what they guard, an alert thread for the rest.</summary>
public sealed class IncidentTests
{
    private static int _messages;

    private static AlarmEvent Alarm(string environment, string name, AlarmState state, DateTimeOffset at, string function = "lambda_router",
        string? version = null, string? resource = null) => new()
    {
        MessageId = $"m-{Interlocked.Increment(ref _messages)}",
        TopicArn = TestOptions.AlarmTopic(environment),
        AlarmName = name,
        AlarmArn = $"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{name}",
        NewState = state,
        OldState = state == AlarmState.Alarm ? AlarmState.Ok : AlarmState.Alarm,
        Reason = state == AlarmState.Alarm ? "Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0)." : "Threshold Crossed: back under",
        StateChangeTime = at,
        Trigger = new AlarmTrigger
        {
            Namespace = "AWS/Lambda", MetricName = "Errors", Statistic = "Sum", Threshold = 5, ComparisonOperator = "GreaterThanThreshold", PeriodSeconds = 60,
            Dimensions = [new("FunctionName", function), .. version is null ? Array.Empty<AlarmDimension>() : [new("ExecutedVersion", version)],
                .. resource is null ? Array.Empty<AlarmDimension>() : [new("Resource", resource)]],
        },
    };

    private static IAlarmIntake Intake(OpsBotHarness h) => h.Services.GetRequiredService<IAlarmIntake>();

    private static async Task DispatchAsync(OpsBotHarness h) => await h.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(default);

    private static async Task<Incident> OnlyIncidentAsync(OpsBotHarness h) =>
        Assert.Single(await h.Services.GetRequiredService<IIncidentStore>().ListAsync(null, 10, default));

    [Fact]
    public async Task A_topic_names_its_environment_and_an_unknown_one_none()
    {
        await using var h = Create();
        Assert.Equal("prod", Intake(h).EnvironmentOf(TestOptions.AlarmTopic("prod")));
        Assert.Null(Intake(h).EnvironmentOf("arn:aws:sns:us-east-1:999999999999:elsewhere"));
    }

    [Fact]
    public async Task An_alarm_a_canary_is_guarded_by_rolls_it_back_at_once_without_a_poll()
    {
        await using var h = Create();
        var started = await h.StartAsync(Alice, "lambda_router");
        await h.PollAsync(TimeSpan.FromSeconds(30));
        var id = started.Deployment!.Id;
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
        var polls = h.Runner.Cycles;

        var outcome = await Intake(h).ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow()), default);

        Assert.Equal(AlarmOutcome.RolledBack, outcome);
        Assert.Equal(polls, h.Runner.Cycles);
        var d = await h.GetAsync(id);
        Assert.True(d.State is DeploymentState.RolledBack or DeploymentState.RollingBack, d.State.ToString());
        Assert.Equal(0, h.Lambda.Alias("prod", "lambda_router").PercentOf("5"));
        Assert.Contains("lambda_router-error-rate", d.Reason, StringComparison.Ordinal);
        Assert.Empty(await h.Services.GetRequiredService<IIncidentStore>().ListAsync(null, 10, default));
    }

    [Fact]
    public async Task An_alarm_whose_dimensions_name_the_new_version_guards_it_too_but_one_on_the_alias_opens_a_linked_incident()
    {
        await using var h = Create();
        var started = await h.StartAsync(Alice, "lambda_router");
        await h.PollAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(AlarmOutcome.IncidentOpened,
            await Intake(h).ReceiveAsync(Alarm("prod", "router-p99", AlarmState.Alarm, h.Time.GetUtcNow(), resource: "lambda_router:live"), default));
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(started.Deployment!.Id)).State);
        Assert.Equal(started.Deployment.Id, (await OnlyIncidentAsync(h)).DeploymentId);

        Assert.Equal(AlarmOutcome.RolledBack,
            await Intake(h).ReceiveAsync(Alarm("prod", "router-v5-errors", AlarmState.Alarm, h.Time.GetUtcNow(), version: "5"), default));
        Assert.NotEqual(DeploymentState.Baking, (await h.GetAsync(started.Deployment.Id)).State);
    }

    [Fact]
    public async Task An_alarm_that_guards_nothing_opens_an_incident_with_its_card_in_the_channel_a_suspect_and_a_page()
    {
        await using var h = Create(o => o.Environments["dev"].Gates.PromotionApproval = false);
        var release = await h.StartAsync(Alice, "lambda_router", environment: "dev");
        await h.PollForAsync(TimeSpan.FromMinutes(15));
        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(release.Deployment!.Id)).State);
        h.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(AlarmOutcome.IncidentOpened, await Intake(h).ReceiveAsync(Alarm("dev", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow()), default));
        await DispatchAsync(h);

        var incident = await OnlyIncidentAsync(h);
        Assert.Equal(IncidentState.Open, incident.State);
        Assert.Equal("C0DEV", h.Chat.PostedTo[incident.Id]);
        var card = h.Chat.IncidentCards[incident.Id];
        Assert.Equal("lambda_router-error-rate in ALARM (dev)", card.Title);
        Assert.Contains(card.Facts, f => f.Key == "Metric" && f.Value == "AWS/Lambda Errors (Sum) > 5 over 60 s, FunctionName=lambda_router");
        Assert.Contains(card.Facts, f => f.Key == "Function" && f.Value == "lambda_router:live (dev), 100% on version 5");
        var suspect = Assert.Single(card.Facts, f => f.Key == "Suspect").Value;
        Assert.StartsWith("version 5 went live 2", suspect, StringComparison.Ordinal);
        Assert.EndsWith($"by {AliceRef} ({release.Deployment.Id}) — a likely suspect", suspect, StringComparison.Ordinal);
        Assert.Equal(["Acknowledge", "Roll back lambda_router to 4", "Resolve"], card.Buttons.Select(b => b.Label));
        var page = Assert.Single(h.Ops.Pages, p => p.Subject.Contains(incident.Id, StringComparison.Ordinal));
        Assert.Equal(("lambda_router", incident.Id, "high"), (page.Attributes["function"], page.Attributes["incident_id"], page.Attributes["severity"]));
    }

    [Fact]
    public async Task Turn_off_a_flag_offers_the_flags_that_were_on_and_takes_the_rollback_flags_path()
    {
        await using var h = Create();
        h.Flags.ChangeOutside("prod", "enable_new_api_endpoint", true);
        await Intake(h).ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow()), default);
        await DispatchAsync(h);
        var incident = await OnlyIncidentAsync(h);
        var choice = Assert.Single(h.Chat.IncidentCards[incident.Id].FlagChoices);
        Assert.Equal("enable_new_api_endpoint", choice.Key);
        Assert.Equal(($"{incident.Id}", "prod", "enable_new_api_endpoint"), Notifications.Cards.IncidentCard.ParseFlagChoice(choice.Value));
    }

    [Fact]
    public async Task A_repeat_within_the_window_joins_OK_recovers_and_a_long_OK_resolves_it_with_its_summary()
    {
        await using var h = Create();
        var intake = Intake(h);
        await intake.ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow()), default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(AlarmOutcome.IncidentUpdated, await intake.ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Ok, h.Time.GetUtcNow()), default));
        h.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(AlarmOutcome.IncidentUpdated, await intake.ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow()), default));
        var incident = await OnlyIncidentAsync(h);
        Assert.Equal((IncidentState.Open, 2), (incident.State, incident.Alarms));

        h.Time.Advance(TimeSpan.FromMinutes(7));
        await intake.ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Ok, h.Time.GetUtcNow()), default);
        await DispatchAsync(h);
        Assert.Equal(1, h.Chat.Count("post", incident.Id));
        var thread = h.Chat.Thread(incident.Id);
        Assert.Contains("lambda_router-error-rate recovered after 5m: it is OK again. Resolve the incident when it is understood.", thread);
        Assert.Contains(thread, l => l.StartsWith("lambda_router-error-rate is in ALARM again", StringComparison.Ordinal));

        h.Time.Advance(TimeSpan.FromMinutes(31));
        await h.Runner.RunCycleAsync(default);
        var resolved = await OnlyIncidentAsync(h);
        Assert.Equal(IncidentState.Resolved, resolved.State);
        var summary = h.Chat.Thread(incident.Id)[^1];
        Assert.StartsWith("Resolved by OpsBot: recovered for 30m. Summary of inc-", summary, StringComparison.Ordinal);
        Assert.Contains("• never acknowledged\n", summary, StringComparison.Ordinal);
        Assert.Contains("• time to recover: 14m", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_state_change_delivered_again_changes_nothing()
    {
        await using var h = Create();
        var alarm = Alarm("prod", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow());
        Assert.Equal(AlarmOutcome.IncidentOpened, await Intake(h).ReceiveAsync(alarm, default));
        Assert.Equal(AlarmOutcome.Duplicate, await Intake(h).ReceiveAsync(alarm with { MessageId = "again" }, default));
        h.Time.Advance(TimeSpan.FromMinutes(3));
        var ok = Alarm("prod", "lambda_router-error-rate", AlarmState.Ok, h.Time.GetUtcNow());
        Assert.Equal(AlarmOutcome.IncidentUpdated, await Intake(h).ReceiveAsync(ok, default));
        Assert.Equal(AlarmOutcome.Duplicate, await Intake(h).ReceiveAsync(ok with { MessageId = "again-ok" }, default));
        Assert.Equal(1, (await OnlyIncidentAsync(h)).Alarms);
    }

    [Fact]
    public async Task A_missed_OK_or_ALARM_is_caught_by_reading_the_alarms_of_open_incidents_each_poll()
    {
        await using var h = Create();
        h.Alarms.Set("lambda_router-error-rate", AlarmState.Alarm, "breaching");
        await Intake(h).ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow()), default);
        await h.Runner.RunCycleAsync(default);
        Assert.Equal(IncidentState.Open, (await OnlyIncidentAsync(h)).State);

        h.Alarms.Set("lambda_router-error-rate", AlarmState.Ok); // its OK notification never arrived
        h.Time.Advance(TimeSpan.FromMinutes(4));
        await h.Runner.RunCycleAsync(default);
        Assert.Equal(IncidentState.Recovered, (await OnlyIncidentAsync(h)).State);

        h.Alarms.Set("lambda_router-error-rate", AlarmState.Alarm, "breaching again"); // nor did the next ALARM
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Runner.RunCycleAsync(default);
        var incident = await OnlyIncidentAsync(h);
        Assert.Equal((IncidentState.Open, 2, "breaching again"), (incident.State, incident.Alarms, incident.Reason));
    }

    [Fact]
    public async Task A_rollback_whose_reason_names_the_incident_is_recorded_on_it_once_even_after_a_confirmation()
    {
        await using var h = Create();
        var release = await h.StartAsync(Alice, "lambda_router");
        await h.PollForAsync(TimeSpan.FromMinutes(12));
        Assert.Equal(DeploymentState.AwaitingPromotion, (await h.GetAsync(release.Deployment!.Id)).State);
        await h.ActAsync(Bob, DeploymentAction.Promote, release.Deployment.Id);
        await h.PollForAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(release.Deployment.Id)).State);
        h.Alarms.Set("lambda_router-error-rate", AlarmState.Alarm, "breaching");
        await Intake(h).ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow()), default);
        var incident = await OnlyIncidentAsync(h);

        // prod has gates and nothing is in flight: the card's Roll back asks first; the confirmed rollback carries the incident in its reason.
        var prompt = await h.SendAsync(Alice, new IncidentActCommand(IncidentAction.RollBack, incident.Id) { ExpectedVersion = incident.StateVersion });
        Assert.Equal(CommandStatus.Confirm, prompt.Status);
        var rolledBack = await h.ConfirmAsync(Alice, prompt);
        Assert.True(rolledBack.IsDone, rolledBack.Message);
        await h.Runner.RunCycleAsync(default);
        await h.Runner.RunCycleAsync(default);

        var step = Assert.Single((await OnlyIncidentAsync(h)).Steps);
        Assert.Equal(($"rolled lambda_router back to version 4 ({rolledBack.Deployment!.Id})", "slack:U0ALICE"), (step.Text, step.By));
    }

    [Fact]
    public async Task An_alarm_after_the_window_opens_a_new_incident()
    {
        await using var h = Create();
        await Intake(h).ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow()), default);
        h.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(AlarmOutcome.IncidentOpened, await Intake(h).ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow()), default));
    }

    [Fact]
    public async Task Unacknowledged_it_escalates_once_with_a_page_and_the_on_call_group_and_an_OK_without_incident_is_ignored()
    {
        await using var h = Create();
        Assert.Equal(AlarmOutcome.Ignored, await Intake(h).ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Ok, h.Time.GetUtcNow()), default));
        h.Alarms.Set("lambda_router-error-rate", AlarmState.Alarm, "still breaching"); // as DescribeAlarms reads it meanwhile
        await Intake(h).ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow()), default);
        var id = (await OnlyIncidentAsync(h)).Id;
        h.Time.Advance(TimeSpan.FromMinutes(9));
        await h.Runner.RunCycleAsync(default);
        Assert.Null((await OnlyIncidentAsync(h)).EscalatedAt);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Runner.RunCycleAsync(default);
        await h.Runner.RunCycleAsync(default);
        Assert.NotNull((await OnlyIncidentAsync(h)).EscalatedAt);
        var escalation = Assert.Single(h.Chat.Thread(id), l => l.Contains("has had nobody acknowledge it", StringComparison.Ordinal));
        Assert.StartsWith($"{ChatRefs.Person("slack-group:S0ONCALL")}: incident {id}", escalation, StringComparison.Ordinal);
        Assert.Equal(2, h.Ops.Pages.Count(p => p.Subject.Contains(id, StringComparison.Ordinal)));
        Assert.Equal("Open and escalated: nobody has taken the lead", h.Chat.IncidentCards[id].Headline);
    }

    [Fact]
    public async Task Acknowledge_makes_the_clicker_the_lead_once_and_a_stale_click_or_a_viewer_changes_nothing()
    {
        await using var h = Create();
        await Intake(h).ReceiveAsync(Alarm("prod", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow()), default);
        var incident = await OnlyIncidentAsync(h);
        var click = new IncidentActCommand(IncidentAction.Acknowledge, incident.Id) { ExpectedVersion = incident.StateVersion };

        Assert.Equal(CommandStatus.Refused, (await h.SendAsync(Carol, click)).Status);
        var ack = await h.SendAsync(Bob, click);
        Assert.Equal(CommandStatus.Done, ack.Status);
        Assert.Equal("slack:U0BOB", (await OnlyIncidentAsync(h)).Lead);
        var stale = await h.SendAsync(Alice, click);
        Assert.Equal(CommandStatus.Refused, stale.Status);
        Assert.Contains("changed since that card was drawn", stale.Message, StringComparison.Ordinal);
        var again = await h.SendAsync(Alice, new IncidentActCommand(IncidentAction.Acknowledge, incident.Id));
        Assert.Equal($"Incident {incident.Id} is already acknowledged by {BobRef}.", again.Message);
        await DispatchAsync(h);
        Assert.Equal($"Acknowledged: {BobRef} leads", h.Chat.IncidentCards[incident.Id].Headline);
        Assert.DoesNotContain(h.Chat.IncidentCards[incident.Id].Buttons, b => b.Action == "Acknowledge");
    }

    [Fact]
    public async Task Roll_back_from_the_incident_rolls_the_function_back_under_the_usual_rules_and_both_are_linked()
    {
        await using var h = Create(o => o.Environments["dev"].Gates.PromotionApproval = false);
        var release = await h.StartAsync(Alice, "lambda_router", environment: "dev");
        await h.PollForAsync(TimeSpan.FromMinutes(15));
        h.Alarms.Set("lambda_router-error-rate", AlarmState.Alarm, "still breaching");
        await Intake(h).ReceiveAsync(Alarm("dev", "lambda_router-error-rate", AlarmState.Alarm, h.Time.GetUtcNow()), default);
        var incident = await OnlyIncidentAsync(h);

        var result = await h.SendAsync(Alice, new IncidentActCommand(IncidentAction.RollBack, incident.Id) { ExpectedVersion = incident.StateVersion });

        Assert.Equal(CommandStatus.Done, result.Status);
        var rollback = result.Deployment!;
        Assert.Equal(DeploymentKind.Rollback, rollback.Kind);
        Assert.Contains(incident.Id, rollback.RequestReason, StringComparison.Ordinal);
        await h.PollAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("4", h.Lambda.Alias("dev", "lambda_router").PrimaryVersion);
        var step = Assert.Single((await OnlyIncidentAsync(h)).Steps);
        Assert.Equal($"rolled lambda_router back to version 4 ({rollback.Id})", step.Text);

        var resolve = await h.SendAsync(Alice, new IncidentActCommand(IncidentAction.Resolve, incident.Id, "bad release"));
        Assert.StartsWith($"Resolved by {AliceRef}: bad release. Summary of {incident.Id}:", resolve.Message, StringComparison.Ordinal);
        Assert.Contains($"{AliceRef} rolled lambda_router back to version 4 ({rollback.Id})", resolve.Message, StringComparison.Ordinal);
        Assert.Contains("• the alarm had not recovered when it was resolved", resolve.Message, StringComparison.Ordinal);
        var list = await h.SendAsync(Carol, new IncidentListCommand("dev"));
        Assert.Contains($"• {incident.Id} lambda_router-error-rate, resolved by {AliceRef}", list.Message, StringComparison.Ordinal);
        _ = release;
    }

    [Fact]
    public async Task An_incident_whose_channel_is_bound_in_teams_gets_its_card_in_teams()
    {
        const string TeamsChannel = "19:incidents@thread.tacv2";
        await using var h = Create(o =>
        {
            o.Channels.Add(new() { Id = TeamsChannel, Platform = "teams", Environment = "dev" });
            o.Environments["dev"].Incidents.Channel = TeamsChannel;
            o.Environments["dev"].Functions["influxdb_loader"].Channel = null; // else the function's own channel has it
        });

        Assert.Equal(AlarmOutcome.IncidentOpened, await Intake(h).ReceiveAsync(Alarm("dev", "influxdb_loader-errors", AlarmState.Alarm, h.Time.GetUtcNow(), "influxdb_loader"), default));
        await DispatchAsync(h);

        var incident = await OnlyIncidentAsync(h);
        Assert.Equal(TeamsChannel, h.TeamsChat.PostedTo[incident.Id]);
        Assert.False(h.Chat.PostedTo.ContainsKey(incident.Id));
    }
}
