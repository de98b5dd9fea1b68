using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Testing;

namespace OpsBot.Core.Tests.Configuration;

public sealed class OpsBotOptionsValidatorTests
{
    private static IReadOnlyList<string> Errors(Action<OpsBotOptions> change)
    {
        var options = TestOptions.Create();
        change(options);
        var result = new OpsBotOptionsValidator([new FakeProbe("influxdb")]).Validate(null, options);
        return result.Failures?.ToList() ?? [];
    }

    [Fact]
    public void The_test_configuration_is_valid() => Assert.Empty(Errors(_ => { }));

    [Fact]
    public void Retention_defaults_to_90_days_and_audit_retention_to_400()
    {
        var storage = new OpsBotOptions().Storage;
        Assert.Equal((TimeSpan.FromDays(90), TimeSpan.FromDays(400)), (storage.Retention, storage.AuditRetention));
    }

    [Theory]
    [InlineData("plan", "OpsBot:Environments:prod:Functions:lambda_router:Plan: unknown plan 'canry' (known: all-at-once, canary, linear)")]
    [InlineData("role", "OpsBot:Environments:prod:Roles:Approver:1: 'U0BOB' is not an identity; write slack:U0ALICE, slack:*, slack-group:S0123ABC or teams:<AAD object id>")]
    [InlineData("channel", "OpsBot:Channels:2:Environment: channel C0OPS is bound to environment 'staging', which is not configured (known: dev, prod)")]
    [InlineData("channel-platform", "OpsBot:Channels:2:Platform: 'discord' is not a platform OpsBot speaks (slack, teams)")]
    [InlineData("channel-twice", "OpsBot:Channels:2:Id: channel C0DEPLOYS (slack) is bound twice; one binding per channel")]
    [InlineData("person-group", "OpsBot:People:alice:1: 'slack-group:S0OPS' is not one person's identity (slack:U0ALICE, teams:<AAD object id>)")]
    [InlineData("person-twice", "OpsBot:People:bob:0: slack:U0ALICE is also listed under another person; an identity belongs to one person")]
    [InlineData("approvers", "OpsBot:Environments:prod:Gates:RequiredApprovers: must be within 1..10, not 0")]
    [InlineData("codedeploy", "OpsBot:Environments:dev:Functions:lambda_router:CodeDeploy: the codedeploy engine needs CodeDeploy:Application and CodeDeploy:DeploymentGroup")]
    [InlineData("custom", "OpsBot:Plans:careful: plan 'careful' step 2: weight 5% does not rise above 50%")]
    [InlineData("alias", "OpsBot:Environments:dev:Functions:influxdb_loader:Alias: '123' is not a Lambda alias name (letters, digits, dashes, underscores; not only digits)")]
    [InlineData("poll", "OpsBot:Runner:PollInterval: must be positive, not 00:00:00")]
    [InlineData("threshold", "OpsBot:Environments:dev:Functions:lambda_router:Thresholds:ErrorRatePercent: must be within 0..100, not 120")]
    [InlineData("over limit", "OpsBot:Environments:prod:Functions:lambda_router:Thresholds:ErrorRatePercent: 12 is above the environment's limit OpsBot:Environments:prod:Limits:MaxRollbackThresholdPercent (10)")]
    [InlineData("over own limit", "OpsBot:Environments:dev:Functions:rag_query_processor:Thresholds:ErrorRatePercent: 5 is above the environment's limit OpsBot:Environments:dev:Limits:MaxRollbackThresholdPercent (2)")]
    [InlineData("limit range", "OpsBot:Environments:prod:Limits:MaxFirstStepPercent: must be within 1..100, not 0")]
    [InlineData("probe", "OpsBot:Environments:prod:Functions:influxdb_loader:Probes:1: no probe named 'influx' is configured under OpsBot:Environments:prod:Probes (known: influxdb)")]
    [InlineData("judged", "OpsBot:Environments:dev:Functions:lambda_router:Thresholds:MinJudgedPeriods: must not be negative")]
    [InlineData("retention", "OpsBot:Storage:Retention: must be at least 1 day (1.00:00:00), not 12:00:00")]
    [InlineData("audit retention", "OpsBot:Storage:AuditRetention: must be at least 1 day (1.00:00:00), not 00:00:00")]
    public void A_bad_key_is_named_in_the_error(string what, string expected)
    {
        var errors = Errors(o =>
        {
            switch (what)
            {
                case "plan": o.Environments["prod"].Functions["lambda_router"].Plan = "canry"; break;
                case "role": o.Environments["prod"].Roles.Approver.Add("U0BOB"); break;
                case "channel": o.Channels.Add(new() { Id = "C0OPS", Environment = "staging" }); break;
                case "channel-platform": o.Channels.Add(new() { Id = "C0OPS", Platform = "discord", Environment = "prod" }); break;
                case "channel-twice": o.Channels.Add(new() { Id = "C0DEPLOYS", Environment = "dev" }); break;
                case "person-group": o.People["alice"] = ["slack:U0ALICE", "slack-group:S0OPS"]; break;
                case "person-twice": o.People["alice"] = ["slack:U0ALICE"]; o.People["bob"] = ["slack:U0ALICE"]; break;
                case "approvers": o.Environments["prod"].Gates.RequiredApprovers = 0; break;
                case "codedeploy":
                    o.Environments["dev"].Functions["lambda_router"].Engine = DeploymentEngine.CodeDeploy;
                    o.Environments["dev"].Functions["lambda_router"].CodeDeploy = null;
                    break;
                case "custom": o.Plans["careful"] = [new() { Weight = 50, Bake = TimeSpan.FromMinutes(1) }, new() { Weight = 5 }, new() { Weight = 100 }]; break;
                case "alias": o.Environments["dev"].Functions["influxdb_loader"].Alias = "123"; break;
                case "poll": o.Runner.PollInterval = TimeSpan.Zero; break;
                case "threshold": o.Environments["dev"].Functions["lambda_router"].Thresholds.ErrorRatePercent = 120; break;
                case "over limit": o.Environments["prod"].Functions["lambda_router"].Thresholds.ErrorRatePercent = 12; break;
                case "over own limit":
                    o.Environments["dev"].Limits.MaxRollbackThresholdPercent = 2;
                    foreach (var fn in o.Environments["dev"].Functions.Where(f => f.Key != "rag_query_processor"))
                        fn.Value.Thresholds.ErrorRatePercent = 2;
                    break;
                case "limit range": o.Environments["prod"].Limits.MaxFirstStepPercent = 0; break;
                case "probe": o.Environments["prod"].Functions["influxdb_loader"].Probes.Add("influx"); break;
                case "judged": o.Environments["dev"].Functions["lambda_router"].Thresholds.MinJudgedPeriods = -1; break;
                case "retention": o.Storage.Retention = TimeSpan.FromHours(12); break;
                case "audit retention": o.Storage.AuditRetention = TimeSpan.Zero; break;
            }
        });
        Assert.Equal([expected], errors);
    }

    [Fact]
    public void A_probe_nobody_provides_stops_the_start_even_with_no_probe_registered()
    {
        var options = TestOptions.Create();
        var result = new OpsBotOptionsValidator([]).Validate(null, options);
        Assert.Contains("OpsBot:Environments:prod:Probes:influxdb:Type: unknown probe type 'influxdb' (known: metric)", result.Failures!);
    }

    [Fact]
    public void Gated_environments_get_the_strict_limits_unless_configured_and_others_none()
    {
        var options = TestOptions.Create();
        var prod = options.Environments["prod"].EffectiveLimits();
        Assert.Equal((25, 5, 10.0), (prod.MaxFirstStepPercent, prod.MinBakeMinutes, prod.MaxRollbackThresholdPercent));
        var dev = options.Environments["dev"].EffectiveLimits();
        Assert.Equal((null, null, null), (dev.MaxFirstStepPercent, dev.MinBakeMinutes, dev.MaxRollbackThresholdPercent));
        options.Environments["prod"].Limits.MaxFirstStepPercent = 50;
        Assert.Equal(50, options.Environments["prod"].EffectiveLimits().MaxFirstStepPercent);
        Assert.Equal(5, options.Environments["prod"].EffectiveLimits().MinBakeMinutes);
    }

    [Fact]
    public void No_environment_at_all_is_an_error() =>
        Assert.Contains("OpsBot:Environments: no environment is configured; add at least one with its functions", Errors(o => o.Environments.Clear()));

    [Fact]
    public void A_custom_plan_can_be_used_by_name()
    {
        var options = TestOptions.Create();
        options.Plans["careful"] = [new() { Weight = 5, Bake = TimeSpan.FromMinutes(15) }, new() { Weight = 25, Bake = TimeSpan.FromMinutes(15), Gate = true }, new() { Weight = 100 }];
        options.Environments["prod"].Functions["lambda_router"].Plan = "careful";
        Assert.True(new OpsBotOptionsValidator([new FakeProbe("influxdb")]).Validate(null, options).Succeeded);
        Assert.Equal([5, 25, 100], options.FindPlan("careful")!.Steps.Select(s => s.Weight));
        Assert.True(options.FindPlan("careful")![1].Gate);
    }
}
