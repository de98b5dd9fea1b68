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
        var result = new OpsBotOptionsValidator().Validate(null, options);
        return result.Failures?.ToList() ?? [];
    }

    [Fact]
    public void The_test_configuration_is_valid() => Assert.Empty(Errors(_ => { }));

    [Theory]
    [InlineData("plan", "OpsBot:Environments:prod:Functions:lambda_router:Plan: unknown plan 'canry' (known: all-at-once, canary, linear)")]
    [InlineData("role", "OpsBot:Environments:prod:Roles:Approver:1: 'U0BOB' is not an identity; write slack:U0ALICE, slack:*, slack-group:S0123ABC or teams:<AAD object id>")]
    [InlineData("channel", "OpsBot:Channels:C0OPS: is bound to environment 'staging', which is not configured (known: dev, prod)")]
    [InlineData("approvers", "OpsBot:Environments:prod:Gates:RequiredApprovers: must be within 1..10, not 0")]
    [InlineData("codedeploy", "OpsBot:Environments:dev:Functions:lambda_router:CodeDeploy: the codedeploy engine needs CodeDeploy:Application and CodeDeploy:DeploymentGroup")]
    [InlineData("custom", "OpsBot:Plans:careful: plan 'careful' step 2: weight 5% does not rise above 50%")]
    [InlineData("alias", "OpsBot:Environments:dev:Functions:influxdb_loader:Alias: '123' is not a Lambda alias name (letters, digits, dashes, underscores; not only digits)")]
    [InlineData("poll", "OpsBot:Runner:PollInterval: must be positive, not 00:00:00")]
    [InlineData("threshold", "OpsBot:Environments:dev:Functions:lambda_router:Thresholds:ErrorRatePercent: must be within 0..100, not 120")]
    public void A_bad_key_is_named_in_the_error(string what, string expected)
    {
        var errors = Errors(o =>
        {
            switch (what)
            {
                case "plan": o.Environments["prod"].Functions["lambda_router"].Plan = "canry"; break;
                case "role": o.Environments["prod"].Roles.Approver.Add("U0BOB"); break;
                case "channel": o.Channels["C0OPS"] = "staging"; break;
                case "approvers": o.Environments["prod"].Gates.RequiredApprovers = 0; break;
                case "codedeploy":
                    o.Environments["dev"].Functions["lambda_router"].Engine = DeploymentEngine.CodeDeploy;
                    o.Environments["dev"].Functions["lambda_router"].CodeDeploy = null;
                    break;
                case "custom": o.Plans["careful"] = [new() { Weight = 50, Bake = TimeSpan.FromMinutes(1) }, new() { Weight = 5 }, new() { Weight = 100 }]; break;
                case "alias": o.Environments["dev"].Functions["influxdb_loader"].Alias = "123"; break;
                case "poll": o.Runner.PollInterval = TimeSpan.Zero; break;
                case "threshold": o.Environments["dev"].Functions["lambda_router"].Thresholds.ErrorRatePercent = 120; break;
            }
        });
        Assert.Equal([expected], errors);
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
        Assert.True(new OpsBotOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal([5, 25, 100], options.FindPlan("careful")!.Steps.Select(s => s.Weight));
        Assert.True(options.FindPlan("careful")![1].Gate);
    }
}
