using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsBot.Aws.AppConfig;
using OpsBot.Aws.CloudWatch;
using OpsBot.Aws.CodeDeploy;
using OpsBot.Aws.Http;
using OpsBot.Aws.Lambda;
using OpsBot.Aws.Logs;
using OpsBot.Aws.Sns;

namespace OpsBot.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// The AWS adapter: typed clients for Lambda, CodeDeploy, CloudWatch, AppConfig, SNS and CloudWatch Logs over one signed, retrying
    /// transport, and the Core ports built on them.
    /// </summary>
    public static IServiceCollection AddAws(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AwsOptions>().Bind(configuration.GetSection(AwsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AwsOptions>, AwsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AwsEnvironment>();
        services.AddHttpClient(AwsTransport.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AwsTransport>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(AwsTransport.HttpClientName)));
        return services
            .AddAwsLambda()
            .AddAwsCodeDeploy()
            .AddAwsCloudWatch()
            .AddAwsAppConfig()
            .AddAwsSns()
            .AddAwsLogs();
    }
}
