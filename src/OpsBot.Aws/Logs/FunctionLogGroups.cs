using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OpsBot.Aws.Http;
using OpsBot.Aws.Lambda;
using OpsBot.Core.Deployments;

namespace OpsBot.Aws.Logs;

/// <summary>
/// The log group a function (version) writes to: its <c>LoggingConfig.LogGroup</c> when set (GetFunctionConfiguration
/// of the version, or of the unqualified function), else Lambda's default <c>/aws/lambda/&lt;function&gt;</c>. Answers
/// are kept for <see cref="CacheFor"/>, since logging configuration rarely changes; when the configuration cannot be
/// read the default is used, and not kept.
/// </summary>
internal sealed class FunctionLogGroups(LambdaClient lambda, TimeProvider time, ILogger<FunctionLogGroups> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<(AwsScope Scope, string Function, string? Qualifier), (string Group, DateTimeOffset Until)> _known = new();

    public async Task<string> LogGroupAsync(FunctionTarget target, string? version, CancellationToken cancellationToken)
    {
        var key = (new AwsScope(target.Region, target.RoleArn), target.Function, version);
        var now = time.GetUtcNow();
        if (_known.TryGetValue(key, out var known) && known.Until > now)
            return known.Group;
        try
        {
            var config = await lambda.GetFunctionConfigurationAsync(key.Item1,
                new GetFunctionConfigurationRequest(target.Function) { Qualifier = string.IsNullOrEmpty(version) ? null : version }, cancellationToken);
            var group = config.LoggingConfig?.LogGroup is { Length: > 0 } configured ? configured : Default(target.Function);
            _known[key] = (group, now + CacheFor);
            return group;
        }
        catch (AwsServiceException e)
        {
            logger.LogWarning(e, "Could not read the logging configuration of {Function} ({Version}); searching {LogGroup}",
                target.Function, version ?? "unqualified", Default(target.Function));
            return Default(target.Function);
        }
    }

    public static string Default(string function) => $"/aws/lambda/{function}";
}
