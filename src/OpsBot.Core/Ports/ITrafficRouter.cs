using OpsBot.Core.Deployments;

namespace OpsBot.Core.Ports;

/// <summary>What a Lambda alias routes: all traffic to <see cref="PrimaryVersion"/> except <see cref="AdditionalWeight"/> (a fraction 0..1) to <see cref="AdditionalVersion"/>.</summary>
public sealed record AliasTraffic(string PrimaryVersion, string? AdditionalVersion, double AdditionalWeight, string RevisionId)
{
    /// <summary>Percentage of the alias's traffic that goes to <paramref name="version"/>.</summary>
    public double PercentOf(string version)
    {
        var additional = AdditionalVersion is null ? 0 : AdditionalWeight * 100;
        if (version == AdditionalVersion)
            return additional;
        return version == PrimaryVersion ? 100 - additional : 0;
    }

    /// <summary>True when the alias routes exactly what <paramref name="route"/> asks for.</summary>
    public bool Matches(AliasRoute route) =>
        PrimaryVersion == route.PrimaryVersion &&
        (route.AdditionalVersion is null
            ? AdditionalVersion is null || AdditionalWeight == 0
            : AdditionalVersion == route.AdditionalVersion && Math.Abs(AdditionalWeight * 100 - route.AdditionalPercent) < 0.01);

    public override string ToString() => AdditionalVersion is null || AdditionalWeight == 0
        ? $"100% on version {PrimaryVersion}"
        : $"{100 - AdditionalWeight * 100:0.##}% on version {PrimaryVersion}, {AdditionalWeight * 100:0.##}% on version {AdditionalVersion}";
}

/// <summary>The routing OpsBot asks an alias for.</summary>
public sealed record AliasRoute(string PrimaryVersion, string? AdditionalVersion, int AdditionalPercent)
{
    /// <summary>The route of a plan step: <paramref name="weight"/>% to the target, the rest to the stable version; 100% makes the target primary.</summary>
    public static AliasRoute Step(string stable, string target, int weight) =>
        weight >= 100 ? new(target, null, 0) : new(stable, target, weight);

    /// <summary>All traffic on <paramref name="version"/>, nothing elsewhere.</summary>
    public static AliasRoute Only(string version) => new(version, null, 0);
}

/// <summary>The alias changed since OpsBot last read or set it (RevisionId conflict). OpsBot never writes over it.</summary>
public sealed class AliasConflictException(string message) : Exception(message);

/// <summary>The Lambda alias: read what it routes, and change it only if nobody else has since OpsBot looked.</summary>
public interface ITrafficRouter
{
    Task<AliasTraffic> ReadAsync(FunctionTarget target, CancellationToken cancellationToken);

    /// <summary>Routes the alias as asked, guarded by <paramref name="expectedRevisionId"/>.</summary>
    /// <exception cref="AliasConflictException">The alias's revision is no longer <paramref name="expectedRevisionId"/>.</exception>
    Task<AliasTraffic> RouteAsync(FunctionTarget target, AliasRoute route, string expectedRevisionId, CancellationToken cancellationToken);
}
