namespace OpsBot.Sandbox.Influx;

/// <summary>What an <see cref="InfluxStandIn"/> serves: its organization, buckets, token and the version it reports.</summary>
public sealed class InfluxStandInOptions
{
    /// <summary>The organization (by name; its id is <see cref="OrgId"/>): writes and queries name one of the two.</summary>
    public string Org { get; set; } = "ons-data-platform";

    /// <summary>The organization's id, as InfluxDB shows ids: 16 hex digits.</summary>
    public string OrgId { get; set; } = "0a1b2c3d4e5f6071";

    /// <summary>The buckets that exist; a write or query naming another is answered 404.</summary>
    public IList<string> Buckets { get; } = ["metrics"];

    /// <summary>The one API token accepted (<c>Authorization: Token …</c> or <c>Bearer …</c>) by writes and queries.</summary>
    public string Token { get; set; } = "sandbox-influx-token";

    /// <summary>What <c>/ping</c> says in <c>X-Influxdb-Version</c> and <c>/health</c> in <c>version</c>; 2.x servers put a "v" first.</summary>
    public string Version { get; set; } = "v2.7.4";

    /// <summary>The build's commit, in <c>/health</c>.</summary>
    public string Commit { get; set; } = "407fa622e9";

    /// <summary>The most points one series keeps; older ones are dropped, so memory stays bounded however long the sandbox runs.</summary>
    public int MaxPointsPerSeries { get; set; } = 10_000;
}
