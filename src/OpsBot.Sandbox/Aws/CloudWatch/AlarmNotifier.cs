using Microsoft.Extensions.Logging;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// CloudWatch's alarm actions: on each state change, publishes the alarm notification to every SNS topic among the
/// new state's actions (AlarmActions on ALARM, OKActions on OK, InsufficientDataActions on INSUFFICIENT_DATA). It runs
/// on the clockwork's thread, so it only hands the message to SNS, which delivers it on its own queue; it never throws.
/// </summary>
internal sealed class AlarmNotifier(ITopicPublisher topics, ILogger<AlarmNotifier> logger)
{
    public void Notify(AlarmChange change)
    {
        foreach (var action in change.Actions.Where(a => a.StartsWith("arn:aws:sns:", StringComparison.Ordinal)))
        {
            try
            {
                if (!topics.Publish(action, AlarmNotification.Subject(change), AlarmNotification.Message(change)))
                    logger.LogWarning("Alarm {Alarm}'s action {Topic} failed: no such topic", change.AlarmName, action);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Alarm {Alarm}'s action {Topic} failed", change.AlarmName, action);
            }
        }
    }
}
