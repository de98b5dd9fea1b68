using System.Collections.Concurrent;
using OpsBot.Core.Alarms;

namespace OpsBot.Sns.Tests.Support;

/// <summary>Core's alarm intake, faked: knows <see cref="Topics"/>, records what it receives, and fails when told to.</summary>
internal sealed class RecordingAlarmIntake : IAlarmIntake
{
    public const string ProdTopic = "arn:aws:sns:us-east-1:123456789012:opsbot-alarms-prod";
    public const string DevTopic = "arn:aws:sns:us-east-1:123456789012:opsbot-alarms-dev";

    private int _failures;

    public Dictionary<string, string> Topics { get; } = new(StringComparer.Ordinal) { [ProdTopic] = "prod", [DevTopic] = "dev" };

    public ConcurrentQueue<AlarmEvent> Received { get; } = new();

    /// <summary>Every call, failed ones included.</summary>
    public int Calls => _calls;

    private int _calls;

    /// <summary>The next <paramref name="count"/> calls throw, as Core does when its store cannot be written.</summary>
    public void FailNext(int count) => _failures = count;

    public string? EnvironmentOf(string topicArn) => Topics.GetValueOrDefault(topicArn);

    public Task<AlarmOutcome> ReceiveAsync(AlarmEvent alarm, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Interlocked.Decrement(ref _failures) >= 0)
            throw new InvalidOperationException("the store could not be written");
        Received.Enqueue(alarm);
        return Task.FromResult(AlarmOutcome.IncidentOpened);
    }
}
