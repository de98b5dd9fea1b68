using Microsoft.Extensions.Logging;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.Sns;

namespace OpsBot.Sandbox.Tests.Aws.Sns;

/// <summary>
/// The sandbox subscribing the bot's <c>/sns/alarms</c> to an environment's alarm topic: at once, then again (so that SNS
/// sends the confirmation again) while the bot refuses or misses it, saying so once per outcome, not at every attempt,
/// until the bot confirms; an endpoint that is not there does not make it throw.
/// </summary>
public sealed class SandboxAlarmSubscriptionsTests : IAsyncLifetime
{
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(50);

    private EmulatorWorld _world = null!;
    private SnsEndpointStub _bot = null!;
    private readonly RecordingLogger _log = new();

    private IReadOnlyList<SandboxEnvironment> Environments => [new("prod", "us-east-1", "000000000000", "test", "test", _world.Services)];

    public async Task InitializeAsync()
    {
        _world = await EmulatorWorld.StartAsync();
        _bot = await SnsEndpointStub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task A_refused_confirmation_is_sent_again_until_the_bot_confirms_and_said_once()
    {
        _bot.AnswerNext(404, 404, 404);

        await using var subscriptions = SandboxAlarmSubscriptions.Start(Environments, _bot.Url, _log, Quick);
        var fourth = await _bot.FirstAsync(_ => _bot.All.Count >= 4, "a fourth confirmation");
        using (var https = SnsTesting.Pinned(_world.Get<SnsPublicHost>().TlsCertificateSha256))
            (await https.GetAsync((string)fourth.Json["SubscribeURL"]!)).EnsureSuccessStatusCode();
        await UntilAsync(() => subscriptions.Confirmed()["prod"], "the subscription was not confirmed");
        await UntilAsync(() => _log.Lines.Any(l => l.Contains("The bot confirmed", StringComparison.Ordinal)), "the confirmation was not logged");

        Assert.All(_bot.All, r => Assert.Equal(("SubscriptionConfirmation", _world.Get<SnsWorld>().AlarmTopicArn), (r.Type, r.Header("x-amz-sns-topic-arn"))));
        Assert.Single(_bot.All.Select(r => (string?)r.Json["Token"]).Distinct());
        // Three refusals, one line; the fourth confirmation was taken (200) but not acted on until the GET, which may be
        // said too; then the confirmation.
        var lines = _log.Lines;
        Assert.Equal($"Warning: The bot has not confirmed its subscription to arn:aws:sns:us-east-1:000000000000:opsbot-alarms (prod) yet: the confirmation sent to {_bot.Url} was answered 404 (dropped); sending it again every 0.05 s",
            lines[0]);
        Assert.Equal($"Information: The bot confirmed its subscription to arn:aws:sns:us-east-1:000000000000:opsbot-alarms (prod): alarms reach {_bot.Url}", lines[^1]);
        Assert.InRange(lines.Count, 2, 3);
        Assert.All(lines.Skip(1).SkipLast(1), l => Assert.Contains("was answered 200 (delivered)", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_endpoint_that_is_not_listening_is_reported_and_tried_again_without_a_throw()
    {
        var nowhere = _bot.Url;
        await _bot.DisposeAsync();
        _bot = await SnsEndpointStub.StartAsync();

        await using var subscriptions = SandboxAlarmSubscriptions.Start(Environments, nowhere, _log, Quick);
        await UntilAsync(() => _world.Get<SnsDeliveryLog>().Recent().Count(d => d.Status == "failed") >= 2, "no second failed confirmation");

        Assert.False(subscriptions.Confirmed()["prod"]);
        Assert.Contains(_log.Lines, l => l.StartsWith("Warning: The bot has not confirmed", StringComparison.Ordinal) && l.Contains("not answered", StringComparison.Ordinal));
    }

    /// <summary>Bounded polling on the wall clock (the confirmations are real HTTP).</summary>
    private static async Task UntilAsync(Func<bool> condition, string failure)
    {
        var give = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < give, failure);
            await Task.Delay(10);
        }
    }

    /// <summary>A logger that keeps "Level: message" lines.</summary>
    private sealed class RecordingLogger : ILogger
    {
        private readonly Lock _lock = new();
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lock)
                    return [.. _lines];
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lock)
                _lines.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
