using OpsBot.Aws.Http;

namespace OpsBot.Aws.AppConfig;

/// <summary>A flag store with its names resolved to AppConfig ids, and where to call for it.</summary>
/// <param name="Label">The store as configured (<c>application/environment/profile</c>), for messages.</param>
internal sealed record ResolvedFlagStore(AwsScope Scope, string ApplicationId, string EnvironmentId, string ProfileId, string Label);
