namespace OpsBot.Sandbox.Aws.Shared;

/// <summary>
/// This world's SNS topics as another service publishes to them (CloudWatch's alarm actions), so that CloudWatch needs
/// no reference to SNS. A publish only hands the message over: delivery to the topic's subscribers happens elsewhere,
/// off the caller's thread.
/// </summary>
internal interface ITopicPublisher
{
    /// <summary>Publishes to <paramref name="topicArn"/>; false when this world has no such topic (the action fails, as it would on AWS).</summary>
    bool Publish(string topicArn, string subject, string message);
}
