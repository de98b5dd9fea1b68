using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// The sandbox's operator step: subscribes the bot's <c>/sns/alarms</c> (over HTTP) to each environment's alarm topic
/// (<see cref="SandboxSeed.AlarmTopic"/>), as one would on AWS. SNS then sends the bot a SubscriptionConfirmation, which
/// the bot confirms by GETting its SubscribeURL. While a subscription stays pending (the bot was not up yet, refused
/// it, or has no such endpoint), this subscribes again every <see cref="ResendEvery"/> (by default), which makes SNS send the
/// confirmation again; it logs what happened to the last one when that changes, and never throws.
/// </summary>
public sealed class SandboxAlarmSubscriptions : IAsyncDisposable
{
    /// <summary>How often a pending subscription's confirmation is sent again.</summary>
    public static readonly TimeSpan ResendEvery = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<SandboxEnvironment> _environments;
    private readonly string _endpoint;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, string> _said = new(StringComparer.Ordinal);
    private readonly TimeSpan _resendEvery;
    private readonly Task _running;

    private SandboxAlarmSubscriptions(IReadOnlyList<SandboxEnvironment> environments, Uri endpoint, ILogger logger, TimeSpan resendEvery)
    {
        (_environments, _endpoint, _logger, _resendEvery) = (environments, endpoint.ToString(), logger, resendEvery);
        _running = RunAsync(_stop.Token);
    }

    /// <summary>Subscribes <paramref name="endpoint"/> to every environment's alarm topic now, and keeps at it until each is confirmed.</summary>
    /// <param name="environments">The environments, each with its world.</param>
    /// <param name="endpoint">The bot's <c>http://127.0.0.1:&lt;port&gt;/sns/alarms</c>.</param>
    /// <param name="logger">Where to say how the subscriptions are doing.</param>
    /// <param name="resendEvery">How often to send a pending subscription's confirmation again (<see cref="ResendEvery"/> by default).</param>
    public static SandboxAlarmSubscriptions Start(IReadOnlyList<SandboxEnvironment> environments, Uri endpoint, ILogger logger, TimeSpan? resendEvery = null) =>
        new(environments, endpoint, logger, resendEvery ?? ResendEvery);

    /// <summary>Whether each environment's subscription is confirmed, by environment.</summary>
    public IReadOnlyDictionary<string, bool> Confirmed() => _environments.ToDictionary(e => e.Name, e => State(e) == SnsSubscriptionState.Confirmed, StringComparer.Ordinal);

    /// <summary>Stops sending confirmations; the subscriptions stay as they are.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    // Wall clock: it waits for real HTTP round trips to the bot.
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_resendEvery, TimeProvider.System);
        try
        {
            do
            {
                foreach (var environment in _environments)
                    Check(environment);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private void Check(SandboxEnvironment environment)
    {
        try
        {
            var sns = environment.World.GetRequiredService<SnsWorld>();
            var state = State(environment);
            if (state == SnsSubscriptionState.Confirmed)
            {
                Say(environment, "confirmed", LogLevel.Information, "The bot confirmed its subscription to {Topic} ({Environment}): alarms reach {Endpoint}",
                    sns.AlarmTopicArn, environment.Name, _endpoint);
                return;
            }
            var last = environment.World.GetRequiredService<SnsDeliveryLog>().Recent()
                .FirstOrDefault(d => d.Type == SnsMessage.SubscriptionConfirmation && d.Topic == sns.AlarmTopicArn && d.Endpoint == _endpoint);
            if (last is not null && last.Status is "pending" or "retrying")
                return;
            if (last is not null)
            {
                var outcome = last.HttpStatus is { } status ? $"answered {status}" : $"not answered ({last.Error})";
                Say(environment, $"unconfirmed {last.Status} {outcome}", LogLevel.Warning,
                    "The bot has not confirmed its subscription to {Topic} ({Environment}) yet: the confirmation sent to {Endpoint} was {Outcome} ({Status}); sending it again every {Interval} s",
                    sns.AlarmTopicArn, environment.Name, _endpoint, outcome, last.Status, _resendEvery.TotalSeconds);
            }
            sns.Subscribe(sns.AlarmTopicArn, "http", _endpoint);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Subscribing the bot to {Environment}'s alarm topic failed", environment.Name);
        }
    }

    private SnsSubscriptionState? State(SandboxEnvironment environment)
    {
        var sns = environment.World.GetRequiredService<SnsWorld>();
        return sns.SubscriptionsOf(sns.AlarmTopicArn).Where(s => s.Subscription.Endpoint == _endpoint).Select(s => (SnsSubscriptionState?)s.State).FirstOrDefault();
    }

    /// <summary>Logs a sentence once per environment and state, so that a pending subscription does not fill the log.</summary>
    private void Say(SandboxEnvironment environment, string state, LogLevel level, string message, params object?[] values)
    {
        if (_said.GetValueOrDefault(environment.Name) == state)
            return;
        _said[environment.Name] = state;
#pragma warning disable CA2254 // The templates are this class's own constants.
        _logger.Log(level, message, values);
#pragma warning restore CA2254
    }
}
