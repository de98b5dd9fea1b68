using OpsBot.Core.Identity;
using OpsBot.Core.Configuration;
using OpsBot.Core.UseCases;
using OpsBot.Testing;

namespace OpsBot.Core.Tests.UseCases;

public sealed class EnvironmentResolverTests
{
    private static EnvironmentResolver Resolver(Action<OpsBotOptions>? change = null)
    {
        var options = TestOptions.Create();
        change?.Invoke(options);
        return new EnvironmentResolver(TestMonitor.Of(options));
    }

    [Theory]
    [InlineData("prod", "prod")]
    [InlineData("PROD", "prod")]
    [InlineData("Dev", "dev")]
    public void An_explicit_environment_wins_and_is_named_as_configured(string given, string expected) =>
        Assert.Equal((expected, null), Resolver().Environment(given, In("C0DEV"), "lambda_router"));

    [Fact]
    public void An_unknown_explicit_environment_names_the_known_ones() =>
        Assert.Equal((null, "Unknown environment 'staging' (known: dev, prod)."), Resolver().Environment("staging", In("C0DEPLOYS")));

    [Fact]
    public void Without_env_the_channel_binding_decides() =>
        Assert.Equal(("prod", null), Resolver().Environment(null, In("C0DEPLOYS"), "lambda_router"));

    [Fact]
    public void An_unbound_channel_falls_back_to_the_environments_that_have_the_function()
    {
        var resolver = Resolver(o => o.Environments["dev"].Functions["only_in_dev"] = new FunctionOptions { Alias = "live" });
        Assert.Equal(("dev", null), resolver.Environment(null, In("C0ELSEWHERE"), "only_in_dev"));
        Assert.Equal(("dev", null), resolver.Environment(null, null, "only_in_dev"));
    }

    [Fact]
    public void A_function_in_several_environments_asks_for_env() =>
        Assert.Equal((null, "Say which environment with --env (dev, prod)."), Resolver().Environment(null, In("C0ELSEWHERE"), "lambda_router"));

    [Fact]
    public void Without_a_function_one_environment_is_the_answer_and_several_are_a_question()
    {
        Assert.Equal((null, "Say which environment with --env (dev, prod)."), Resolver().Environment(null, null));
        Assert.Equal(("dev", null), Resolver(o => o.Environments.Remove("prod")).Environment(null, null));
    }

    [Fact]
    public void Without_any_environment_and_without_a_function_it_asks_for_env() =>
        Assert.Equal((null, "Say which environment with --env ()."), Resolver(o => o.Environments.Clear()).Environment(null, null));

    [Fact]
    public void An_unknown_function_names_every_known_function_once_in_order()
    {
        var resolver = Resolver(o => o.Environments["dev"].Functions["a_dev_only"] = new FunctionOptions { Alias = "live" });
        Assert.Equal((null, "Unknown function 'nope' (known: a_dev_only, influxdb_loader, lambda_router, rag_query_processor, structured_data_processor, timeseries_query_processor)."),
            resolver.Environment(null, null, "nope"));
    }

    [Fact]
    public void A_function_resolves_to_its_target_with_the_environments_region_and_codedeploy_names()
    {
        var resolver = Resolver(o => o.Environments["prod"].RoleArn = "arn:aws:iam::1:role/opsbot");
        var (fn, error) = resolver.Function("lambda_router", null, In("C0DEPLOYS"));
        Assert.Null(error);
        Assert.Equal("prod", fn!.Environment);
        Assert.Equal("lambda_router", fn.Function);
        Assert.Equal("live", fn.Options.Alias);
        Assert.Equal("prod/lambda_router:live", fn.Target.AliasKey);
        Assert.Equal("us-east-1", fn.Target.Region);
        Assert.Equal("arn:aws:iam::1:role/opsbot", fn.Target.RoleArn);
        Assert.Equal("ons-data-platform-lambda-app", fn.Target.CodeDeployApplication);
        Assert.Equal("lambda_router-deployment-group", fn.Target.CodeDeployGroup);
    }

    [Fact]
    public void A_function_without_codedeploy_settings_has_no_codedeploy_names()
    {
        var (fn, _) = Resolver(o => o.Environments["dev"].Functions["lambda_router"].CodeDeploy = null).Function("lambda_router", "dev", null);
        Assert.Null(fn!.Target.CodeDeployApplication);
        Assert.Null(fn.Target.CodeDeployGroup);
    }

    [Fact]
    public void A_function_not_configured_in_the_chosen_environment_names_what_is()
    {
        var resolver = Resolver(o => o.Environments["dev"].Functions = new() { ["x"] = new FunctionOptions { Alias = "live" }, ["y"] = new FunctionOptions { Alias = "live" } });
        Assert.Equal((null, "lambda_router is not configured in dev (known there: x, y)."), resolver.Function("lambda_router", "dev", null));
        Assert.Equal((null, "lambda_router is not configured in dev (known there: x, y)."), resolver.Function("lambda_router", null, In("C0DEV")));
    }

    [Fact]
    public void The_environment_error_is_passed_on() =>
        Assert.Equal((null, "Unknown environment 'qa' (known: dev, prod)."), Resolver().Function("lambda_router", "qa", null));

    private static Actor In(string channel, string identity = "slack:U0ANY") => new(identity, channel);

    [Fact]
    public void A_binding_belongs_to_its_platform_so_a_teams_channel_id_binds_only_in_teams()
    {
        var resolver = Resolver(o => o.Channels.Add(new() { Id = "19:abc@thread.tacv2", Platform = "teams", Environment = "dev" }));
        Assert.Equal(("dev", null), resolver.Environment(null, In("19:abc@thread.tacv2", "teams:00000000-0000-0000-0000-000000000001"), "lambda_router"));
        Assert.Equal((null, "Say which environment with --env (dev, prod)."), resolver.Environment(null, In("19:abc@thread.tacv2"), "lambda_router"));
        Assert.Equal((null, "Say which environment with --env (dev, prod)."), resolver.Environment(null, In("C0DEPLOYS", "teams:00000000-0000-0000-0000-000000000001"), "lambda_router"));
    }
}
