namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>What OpsBot published to the sandbox's SNS topics, oldest first, for the sandbox to show as pages.</summary>
public sealed class SandboxPages
{
    private readonly SnsWorld _world;

    internal SandboxPages(SnsWorld world) => _world = world;

    /// <summary>The ARN of the ops topic (<see cref="SandboxSeed.OpsTopic"/>) pages go to.</summary>
    public string OpsTopicArn => _world.OpsTopicArn;

    /// <summary>Every message published so far, oldest first.</summary>
    public IReadOnlyList<SandboxPage> All() => _world.Published();

    /// <summary>The messages published to <paramref name="topicArn"/>, oldest first.</summary>
    /// <param name="topicArn">A topic's ARN.</param>
    public IReadOnlyList<SandboxPage> OfTopic(string topicArn) => [.. _world.Published().Where(p => p.Topic == topicArn)];
}
