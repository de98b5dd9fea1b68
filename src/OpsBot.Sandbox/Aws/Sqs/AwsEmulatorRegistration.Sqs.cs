using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws.Sqs;

namespace OpsBot.Sandbox.Aws;

public static partial class AwsEmulatorRegistration
{
    /// <summary>The functions' dead-letter queues and the ticker that publishes their depth (no SQS API: only its metric).</summary>
    static partial void AddSqs(IServiceCollection services)
    {
        services.AddSingleton<SqsWorld>();
        services.AddSingleton<ISandboxTicker, QueueDepthTicker>();
    }
}
