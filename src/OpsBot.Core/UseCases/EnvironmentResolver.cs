using Microsoft.Extensions.Options;
using OpsBot.Core.Commands;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;

namespace OpsBot.Core.UseCases;

/// <summary>A function as configured in one environment.</summary>
public sealed record ResolvedFunction(string Environment, EnvironmentOptions EnvironmentOptions, string Function, FunctionOptions Options)
{
    public FunctionTarget Target { get; } = new()
    {
        Environment = Environment,
        Function = Function,
        Alias = Options.Alias,
        Region = EnvironmentOptions.Region,
        RoleArn = EnvironmentOptions.RoleArn,
        CodeDeployApplication = Options.CodeDeploy?.Application,
        CodeDeployGroup = Options.CodeDeploy?.DeploymentGroup,
    };
}

/// <summary>
/// Which environment a command means: <c>--env</c> when given; else the channel's binding; else the only environment
/// that has the function. Anything ambiguous or unknown is an error that says what to type.
/// </summary>
public sealed class EnvironmentResolver(IOptionsMonitor<OpsBotOptions> options)
{
    /// <summary>The environment name, or an error.</summary>
    public (string? Environment, string? Error) Environment(string? explicitEnvironment, Actor? actor, string? function = null)
    {
        var o = options.CurrentValue;
        if (explicitEnvironment is not null)
        {
            var match = o.Environments.Keys.FirstOrDefault(k => string.Equals(k, explicitEnvironment, StringComparison.OrdinalIgnoreCase));
            return match is null
                ? (null, $"Unknown environment '{CommandText.Echo(explicitEnvironment)}' (known: {string.Join(", ", o.Environments.Keys)}).")
                : (match, null);
        }
        if (actor is not null && o.BoundEnvironment(actor.Platform, actor.Channel) is { } bound)
            return (bound, null);
        var candidates = function is null
            ? o.Environments.Keys.ToList()
            : o.Environments.Where(e => e.Value.Functions.ContainsKey(function)).Select(e => e.Key).ToList();
        return candidates.Count switch
        {
            1 => (candidates[0], null),
            0 when function is not null => (null, UnknownFunction(function)),
            _ => (null, $"Say which environment with --env ({string.Join(", ", candidates)}).")
        };
    }

    public (ResolvedFunction? Function, string? Error) Function(string function, string? explicitEnvironment, Actor? actor)
    {
        var (env, error) = Environment(explicitEnvironment, actor, function);
        if (env is null)
            return (null, error);
        var envOptions = options.CurrentValue.Environments[env];
        return envOptions.Functions.TryGetValue(function, out var fn)
            ? (new ResolvedFunction(env, envOptions, function, fn), null)
            : (null, Closest(function, envOptions.Functions.Keys) is { } close
                ? $"{CommandText.Echo(function)} is not configured in {env}: did you mean {close}?"
                : $"{CommandText.Echo(function)} is not configured in {env} (known there: {string.Join(", ", envOptions.Functions.Keys)}).");
    }

    private string UnknownFunction(string function)
    {
        var all = options.CurrentValue.Environments.Values.SelectMany(e => e.Functions.Keys).Distinct().Order().ToList();
        if (Closest(function, all) is { } close)
            return $"Unknown function '{CommandText.Echo(function)}': did you mean {close}?";
        return $"Unknown function '{CommandText.Echo(function)}' (known: {string.Join(", ", all)}).";
    }

    /// <summary>The known name nearest to <paramref name="typed"/> when it is close enough to be a typo (an edit distance of about one in four characters), else null.</summary>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        if (string.IsNullOrEmpty(typed) || typed.Length > 100)
            return null;
        var allowed = Math.Clamp(typed.Length / 4, 1, 3);
        return known
            .Select(k => (Name: k, Distance: Spelling.Distance(typed.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance <= allowed)
            .OrderBy(k => k.Distance).ThenBy(k => k.Name, StringComparer.Ordinal)
            .Select(k => k.Name)
            .FirstOrDefault();
    }
}
