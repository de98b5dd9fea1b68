using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsBot.Core.Ports;

namespace OpsBot.Slack.Tests;

public sealed class SlackOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(Action<SlackOptions> change)
    {
        var options = new SlackOptions { SigningSecret = "secret", BotToken = "xoxb-1" };
        change(options);
        var result = new SlackOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void The_defaults_with_both_secrets_are_valid_and_so_is_slack_off()
    {
        Assert.Empty(Failures(_ => { }));
        Assert.Empty(Failures(o => (o.SigningSecret, o.BotToken) = ("", "")));
        Assert.Empty(Failures(o => (o.ApiBaseUrl, o.TeamId, o.AppId) = ("http://127.0.0.1:5080/api/", "T0SANDBOX", "A0OPSBOT")));
    }

    [Theory]
    [InlineData("secret-only", "OpsBot:Slack:BotToken: is empty but SigningSecret is set")]
    [InlineData("token-only", "OpsBot:Slack:SigningSecret: is empty but BotToken is set")]
    [InlineData("relative base", "OpsBot:Slack:ApiBaseUrl: 'api/' must be an absolute http(s) URL ending with '/'")]
    [InlineData("no slash", "OpsBot:Slack:ApiBaseUrl: 'https://slack.com/api' must be")]
    [InlineData("ftp base", "OpsBot:Slack:ApiBaseUrl: 'ftp://slack.com/api/' must be")]
    [InlineData("no response hosts", "OpsBot:Slack:ResponseUrlHosts: must name at least one host")]
    [InlineData("bad upload host", "OpsBot:Slack:UploadUrlHosts: 'files slack com' is not a host name")]
    [InlineData("zero age", "OpsBot:Slack:RequestMaxAge: must be within")]
    [InlineData("token with newline", "OpsBot:Slack:BotToken: contains whitespace")]
    [InlineData("http api", "OpsBot:Slack:ApiBaseUrl: 'http://slack.example.com/api/' is plain http on a host that is not loopback")]
    [InlineData("bad team", "OpsBot:Slack:TeamId: 'T0SANDBOX\n' is not a Slack workspace id")]
    [InlineData("bad app", "OpsBot:Slack:AppId: 'my app' is not a Slack app id")]
    [InlineData("no queue", "OpsBot:Slack:QueueCapacity: must be within 1..100000, not 0")]
    [InlineData("no safety queue", "OpsBot:Slack:SafetyQueueCapacity: must be within 1..100000, not 0")]
    [InlineData("no safety consumer", "OpsBot:Slack:SafetyConcurrency: must be within 1..64, not 0")]
    public void A_wrong_setting_is_reported_starting_with_its_key(string what, string message)
    {
        var failures = Failures(o =>
        {
            switch (what)
            {
                case "secret-only": o.BotToken = ""; break;
                case "token-only": o.SigningSecret = ""; break;
                case "relative base": o.ApiBaseUrl = "api/"; break;
                case "no slash": o.ApiBaseUrl = "https://slack.com/api"; break;
                case "ftp base": o.ApiBaseUrl = "ftp://slack.com/api/"; break;
                case "no response hosts": o.ResponseUrlHosts = []; break;
                case "bad upload host": o.UploadUrlHosts = ["files slack com"]; break;
                case "zero age": o.RequestMaxAge = TimeSpan.Zero; break;
                case "token with newline": o.BotToken = "xoxb-1\nX-Evil: 1"; break;
                case "http api": o.ApiBaseUrl = "http://slack.example.com/api/"; break;
                case "bad team": o.TeamId = "T0SANDBOX\n"; break;
                case "bad app": o.AppId = "my app"; break;
                case "no queue": o.QueueCapacity = 0; break;
                case "no safety queue": o.SafetyQueueCapacity = 0; break;
                case "no safety consumer": o.SafetyConcurrency = 0; break;
            }
        });

        Assert.Contains(failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_misconfigured_slack_section_fails_when_the_options_are_first_read()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpsBot:Slack:SigningSecret"] = "secret",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddSlack(configuration).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SlackOptions>>().Value);

        Assert.StartsWith("OpsBot:Slack:BotToken:", e.Failures.Single());
        Assert.Empty(services.GetServices<IChatChannel>()); // half-configured is not on
    }

    [Fact]
    public void Slack_on_registers_the_chat_channel_and_the_group_resolver_for_the_slack_platform()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpsBot:Slack:SigningSecret"] = "secret",
            ["OpsBot:Slack:BotToken"] = "xoxb-1",
            ["OpsBot:Slack:ApiBaseUrl"] = "http://127.0.0.1:5080/api/",
            ["OpsBot:Slack:ResponseUrlHosts:0"] = "127.0.0.1",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton<IAuditLog>(new Support.RecordingAudit())
            .AddSlack(configuration).BuildServiceProvider();

        Assert.Equal("slack", services.GetRequiredService<IChatChannel>().Platform);
        Assert.Equal("slack", services.GetRequiredService<IGroupMembership>().Platform);
        var options = services.GetRequiredService<IOptions<SlackOptions>>().Value;
        Assert.Equal("http://127.0.0.1:5080/api/", options.ApiBaseUrl);
        Assert.Equal(["127.0.0.1"], options.ResponseUrlHosts);
    }
}
