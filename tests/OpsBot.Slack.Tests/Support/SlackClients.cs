using OpsBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Slack.WebApi;

namespace OpsBot.Slack.Tests.Support;

/// <summary>A <see cref="SlackWebApiClient"/> over <see cref="FakeSlackApi"/>, with its clock and audit log at hand.</summary>
internal sealed class SlackClients
{
    public SlackClients(Action<SlackOptions>? configure = null)
    {
        Options = new SlackOptions { SigningSecret = "secret", BotToken = "xoxb-test-token" };
        configure?.Invoke(Options);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Client = new SlackWebApiClient(new HttpClient(Slack), options, new SlackUrlPolicy(options), Audit, Time, NullLogger<SlackWebApiClient>.Instance);
    }

    public SlackOptions Options { get; }

    public FakeSlackApi Slack { get; } = new();

    public RecordingAudit Audit { get; } = new();

    public TimerWatchingTimeProvider Time { get; } = new();

    public SlackWebApiClient Client { get; }
}
