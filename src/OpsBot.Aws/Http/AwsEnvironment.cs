using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Options;

namespace OpsBot.Aws.Http;

/// <summary>A configuration problem with reaching AWS (no region, no credentials); the message says what to set.</summary>
internal sealed class AwsConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Resolves what a call needs: its region, its endpoint and its credentials. Credentials come from
/// <c>OpsBot:Aws</c> static keys or profile when set, else AWSSDK.Core's default chain (environment variables, web
/// identity, shared profile, container, instance metadata); a scope with a role assumes it (AWSSDK.SecurityToken) and
/// AWSSDK.Core refreshes the session before it expires.
/// </summary>
internal sealed class AwsEnvironment(IOptions<AwsOptions> options)
{
    private readonly Lazy<AWSCredentials> _base = new(() => BaseCredentials(options.Value));
    private readonly ConcurrentDictionary<string, AWSCredentials> _roles = new(StringComparer.Ordinal);

    private AwsOptions Options => options.Value;

    public string Region(AwsScope scope)
    {
        var region = scope.Region ?? Options.Region ?? FallbackRegionFactory.GetRegionEndpoint(false)?.SystemName
                     ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        return string.IsNullOrWhiteSpace(region)
            ? throw new AwsConfigurationException("No AWS region: set the environment's Region, OpsBot:Aws:Region, AWS_REGION or AWS_DEFAULT_REGION.")
            : region;
    }

    /// <summary>The service's endpoint: its own override, else the global one, else AWS's regional endpoint.</summary>
    public Uri Endpoint(AwsService service, string region)
    {
        var configured = Options.ServiceUrls.GetValueOrDefault(service.Name) ?? Options.ServiceUrl;
        if (!string.IsNullOrWhiteSpace(configured))
            return new Uri(configured.TrimEnd('/') + "/");
        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{service.EndpointPrefix}.{region}.{suffix}/");
    }

    public AWSCredentials Credentials(AwsScope scope)
    {
        var source = _base.Value;
        return scope.RoleArn is not { Length: > 0 } role
            ? source
            : _roles.GetOrAdd(role, arn => new AssumeRoleAWSCredentials(source, arn, "opsbot"));
    }

    private static AWSCredentials BaseCredentials(AwsOptions o)
    {
        if (!string.IsNullOrEmpty(o.AccessKeyId) && !string.IsNullOrEmpty(o.SecretAccessKey))
        {
            return string.IsNullOrEmpty(o.SessionToken)
                ? new BasicAWSCredentials(o.AccessKeyId, o.SecretAccessKey)
                : new SessionAWSCredentials(o.AccessKeyId, o.SecretAccessKey, o.SessionToken);
        }
        if (!string.IsNullOrEmpty(o.Profile))
        {
            return new CredentialProfileStoreChain().TryGetAWSCredentials(o.Profile, out var profiled)
                ? profiled
                : throw new AwsConfigurationException($"OpsBot:Aws:Profile: no credentials for profile '{o.Profile}' in the shared config or credentials files.");
        }
        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException)
        {
            throw new AwsConfigurationException(
                "No AWS credentials found (environment variables, web identity, shared profile, container or instance metadata); " +
                "set them, or OpsBot:Aws:AccessKeyId and SecretAccessKey for an emulator.", e);
        }
    }

    /// <summary>AWSSDK.Core's region object for the signer.</summary>
    public static RegionEndpoint RegionEndpointOf(string region) => RegionEndpoint.GetBySystemName(region);
}
