namespace OpsBot.Sandbox.Aws;

/// <summary>
/// One of the sandbox's environments as AWS sees it: its own region of the AWS-compatible endpoint (a world of its own:
/// functions, aliases, alarms, traffic, faults), the account id in its ARNs, and the credentials that read it.
/// </summary>
/// <param name="Name">The environment, as OpsBot names it (<c>dev</c>, <c>prod</c>).</param>
/// <param name="Region">The region of its world.</param>
/// <param name="AccountId">The account id in its ARNs.</param>
/// <param name="AccessKeyId">The access key a client signs with.</param>
/// <param name="SecretAccessKey">The secret of <paramref name="AccessKeyId"/>.</param>
/// <param name="World">The services of its world (<see cref="AwsWorlds.For"/>).</param>
public sealed record SandboxEnvironment(string Name, string Region, string AccountId, string AccessKeyId, string SecretAccessKey, IServiceProvider World);
