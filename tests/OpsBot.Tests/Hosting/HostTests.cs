using System.CommandLine;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsBot.Cli;
using OpsBot.Core.Configuration;
using OpsBot.Core.Runner;

namespace OpsBot.Tests.Hosting;

public sealed class HostTests
{
    [Fact]
    public async Task Healthz_answers_and_readyz_reports_the_store_and_the_runner()
    {
        await using var factory = new OpsBotFactory();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        var runner = factory.Services.GetRequiredService<DeploymentRunner>();
        await WaitForFirstPollAsync(runner);
        var ready = await client.GetAsync("/readyz");
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("runner").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_has_no_warnings_when_a_chat_platform_and_the_regions_are_configured()
    {
        await using var factory = new OpsBotFactory();
        factory.Settings["OpsBot:Slack:SigningSecret"] = "secret";
        factory.Settings["OpsBot:Slack:BotToken"] = "xoxb-test";
        factory.Settings["OpsBot:Slack:ApiBaseUrl"] = "http://127.0.0.1:9/api/";
        using var client = factory.CreateClient();
        await WaitForFirstPollAsync(factory.Services.GetRequiredService<DeploymentRunner>());

        var ready = await client.GetAsync("/readyz");
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("configuration").GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task Readyz_stays_200_but_degraded_with_a_warning_when_no_chat_platform_is_configured()
    {
        await using var factory = new OpsBotFactory();
        using var client = factory.CreateClient();
        await WaitForFirstPollAsync(factory.Services.GetRequiredService<DeploymentRunner>());

        var ready = await client.GetAsync("/readyz");
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        var warning = Assert.Single(body.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Equal("No chat platform: Slack is off (OpsBot:Slack:SigningSecret and OpsBot:Slack:BotToken are empty) and so is Teams (OpsBot:Teams:AppId is empty), so nobody can send the bot a command.", warning);
    }

    [Fact]
    public async Task Readyz_fails_with_a_generic_reason_when_the_store_can_be_read_but_not_written()
    {
        var database = Path.Combine(Path.GetTempPath(), $"opsbot-full-{Guid.NewGuid():N}.db");
        try
        {
            await using var factory = new OpsBotFactory();
            factory.Settings["OpsBot:Storage:ConnectionString"] = $"Data Source={database}";
            factory.Settings["OpsBot:Storage:MaxSizeMegabytes"] = "1";
            using var client = factory.CreateClient();
            await WaitForFirstPollAsync(factory.Services.GetRequiredService<DeploymentRunner>());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

            // The disk fills up (here: the file grows past the cap behind the bot's back); reads still work.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
            {
                connection.Open();
                using var fill = connection.CreateCommand();
                fill.CommandText = "CREATE TABLE filler (b BLOB); INSERT INTO filler VALUES (zeroblob(2 * 1024 * 1024));";
                fill.ExecuteNonQuery();
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            var ready = await client.GetAsync("/readyz");
            var storage = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("storage");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("store cannot be written (disk full or read-only?); see the log", storage.GetProperty("description").GetString());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(database + suffix);
        }
    }

    [Fact]
    public async Task The_repository_appsettings_configure_the_guides_five_functions_in_dev_and_prod()
    {
        await using var factory = new OpsBotFactory();
        var options = factory.Services.GetRequiredService<IOptions<OpsBotOptions>>().Value;

        Assert.Equal(["dev", "prod"], options.Environments.Keys.Order());
        foreach (var env in options.Environments.Values)
        {
            Assert.Equal(
                ["influxdb_loader", "lambda_router", "rag_query_processor", "structured_data_processor", "timeseries_query_processor"],
                env.Functions.Keys.Order());
        }
        Assert.True(options.Environments["prod"].Gates.PromotionApproval);
        Assert.True(options.Environments["prod"].Gates.FourEyes);
        Assert.Equal(TimeSpan.FromDays(1), options.Environments["prod"].Gates.PromotionTimeout);
        Assert.Equal(Core.Deployments.DeploymentEngine.Alias, options.Environments["prod"].Functions["lambda_router"].Engine);
    }

    [Fact]
    public async Task A_bad_configuration_key_stops_the_start_and_is_named()
    {
        var error = new StringWriter();
        var code = await OpsBotCommandLine.Create()
            .Parse(["serve", "--OpsBot:Environments:prod:Functions:lambda_router:Plan=canry", "--OpsBot:Storage:ConnectionString=Data Source=:memory:", "--urls=http://127.0.0.1:0"])
            .InvokeAsync(new InvocationConfiguration { Error = error, EnableDefaultExceptionHandler = false });

        Assert.Equal(2, code);
        Assert.Contains("OpsBot refuses to start: the configuration is not valid.", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("OpsBot:Environments:prod:Functions:lambda_router:Plan: unknown plan 'canry' (known: all-at-once, canary, linear)", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_named_too()
    {
        var error = new StringWriter();
        var code = await OpsBotCommandLine.Create()
            .Parse(["serve", "--OpsBot:Runner:PollInterval=soon", "--OpsBot:Storage:ConnectionString=Data Source=:memory:", "--urls=http://127.0.0.1:0"])
            .InvokeAsync(new InvocationConfiguration { Error = error, EnableDefaultExceptionHandler = false });

        Assert.Equal(2, code);
        Assert.Contains("OpsBot:Runner:PollInterval", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_storage_provider_is_named()
    {
        var error = new StringWriter();
        var code = await OpsBotCommandLine.Create()
            .Parse(["serve", "--OpsBot:Storage:Provider=oracle"])
            .InvokeAsync(new InvocationConfiguration { Error = error, EnableDefaultExceptionHandler = false });

        Assert.Equal(2, code);
        Assert.Contains("OpsBot:Storage:Provider: unknown provider 'oracle' (known: sqlite)", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task WaitForFirstPollAsync(DeploymentRunner runner)
    {
        var give = DateTime.UtcNow.AddSeconds(30);
        while (runner.LastCycleAt is null)
        {
            Assert.True(DateTime.UtcNow < give, $"the runner did not poll: {runner.LastCycleError}");
            await Task.Delay(10);
        }
    }
}
