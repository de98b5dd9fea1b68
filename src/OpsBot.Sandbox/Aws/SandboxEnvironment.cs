using OpsBot.Sandbox.Influx;

namespace OpsBot.Sandbox.Aws;

/// <summary>
/// One of the sandbox's environments: its own region of the AWS-compatible endpoint (a world of its own: functions,
/// aliases, alarms, logs, queues, traffic, faults), the account id in its ARNs, the credentials that read it, and its
/// own InfluxDB stand-in (<see cref="InfluxDb"/>), so that breaking prod's InfluxDB leaves dev's alone.
/// </summary>
/// <param name="Name">The environment, as OpsBot names it (<c>dev</c>, <c>prod</c>).</param>
/// <param name="Region">The region of its world.</param>
/// <param name="AccountId">The account id in its ARNs.</param>
/// <param name="AccessKeyId">The access key a client signs with.</param>
/// <param name="SecretAccessKey">The secret of <paramref name="AccessKeyId"/>.</param>
/// <param name="World">The services of its world (<see cref="AwsWorlds.For"/>).</param>
public sealed record SandboxEnvironment(string Name, string Region, string AccountId, string AccessKeyId, string SecretAccessKey, IServiceProvider World)
{
    /// <summary>
    /// The environment's InfluxDB 2.x stand-in, or null where there is none: a probe's <c>Url</c> is its
    /// <see cref="InfluxStandIn.BaseUrl"/> (the same while it is down), its <c>Org</c>, <c>Bucket</c> and <c>Token</c> are
    /// in <see cref="InfluxStandIn.Options"/> (<see cref="InfluxStandInOptions.Org"/>, <see cref="InfluxStandInOptions.Buckets"/>[0],
    /// <see cref="InfluxStandInOptions.Token"/>). <c>POST /sandbox/faults {"environment", "influxdb": "down"|"slow"|"up"}</c> breaks it.
    /// </summary>
    public InfluxStandIn? InfluxDb { get; init; }
}
