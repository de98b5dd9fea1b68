using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Configuration;

/// <summary>
/// Validates the whole <c>OpsBot</c> section at start. Every message begins with the configuration key that is wrong
/// (<c>OpsBot:Environments:prod:Functions:lambda_router:Plan</c>), so a misconfigured bot says what to fix.
/// </summary>
public sealed partial class OpsBotOptionsValidator(IEnumerable<IHealthProbe>? probes = null) : IValidateOptions<OpsBotOptions>
{
    private const string Root = OpsBotOptions.Section;

    /// <summary>The probe types an environment may configure: Core's metric checks and those of the registered adapters (a type nobody runs would fail every poll and roll back).</summary>
    private readonly IReadOnlyDictionary<string, IHealthProbe> _probeTypes = (probes ?? [])
        .GroupBy(p => p.Type, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public ValidateOptionsResult Validate(string? name, OpsBotOptions options)
    {
        var errors = new List<string>();
        void Fail(string key, string message) => errors.Add($"{key}: {message}");

        var r = options.Runner;
        if (r.PollInterval <= TimeSpan.Zero)
            Fail($"{Root}:Runner:PollInterval", $"must be positive, not {r.PollInterval}");
        if (r.MetricPeriodSeconds is < 1 or > 3600)
            Fail($"{Root}:Runner:MetricPeriodSeconds", $"must be within 1..3600, not {r.MetricPeriodSeconds}");
        if (r.MetricLag < TimeSpan.Zero)
            Fail($"{Root}:Runner:MetricLag", $"must not be negative, not {r.MetricLag}");
        if (r.MaxProviderErrors < 1)
            Fail($"{Root}:Runner:MaxProviderErrors", "must be at least 1");
        if (r.MaxRollbackAttempts < 1)
            Fail($"{Root}:Runner:MaxRollbackAttempts", "must be at least 1");
        if (r.RepageInterval <= TimeSpan.Zero)
            Fail($"{Root}:Runner:RepageInterval", "must be positive");
        if (r.CardUpdateInterval < TimeSpan.Zero)
            Fail($"{Root}:Runner:CardUpdateInterval", "must not be negative");
        if (r.MaxConcurrency < 1)
            Fail($"{Root}:Runner:MaxConcurrency", "must be at least 1");

        foreach (var (key, value) in new[] { ("Retention", options.Storage.Retention), ("AuditRetention", options.Storage.AuditRetention) })
        {
            if (value < TimeSpan.FromDays(1))
                Fail($"{Root}:Storage:{key}", $"must be at least 1 day (1.00:00:00), not {value}");
        }

        foreach (var (planName, steps) in options.Plans)
        {
            if (!PlanName().IsMatch(planName))
                Fail($"{Root}:Plans:{planName}", "a plan name is lowercase letters, digits and dashes");
            var plan = options.FindPlan(planName)!;
            if (plan.Problem() is { } problem)
                Fail($"{Root}:Plans:{planName}", problem);
        }

        if (options.Environments.Count == 0)
            Fail($"{Root}:Environments", "no environment is configured; add at least one with its functions");

        for (var i = 0; i < options.Channels.Count; i++)
        {
            var binding = options.Channels[i];
            var key = $"{Root}:Channels:{i}";
            if (string.IsNullOrWhiteSpace(binding.Id))
                Fail($"{key}:Id", "is empty; give the channel's id (Slack C…, Teams 19:…@thread.tacv2)");
            if (binding.Platform is not ("slack" or "teams"))
                Fail($"{key}:Platform", $"'{binding.Platform}' is not a platform OpsBot speaks (slack, teams)");
            if (!options.Environments.ContainsKey(binding.Environment))
                Fail($"{key}:Environment", $"channel {binding.Id} is bound to environment '{binding.Environment}', which is not configured (known: {Known(options.Environments.Keys)})");
            if (options.Channels.Take(i).Any(b => b.Id == binding.Id && b.Platform == binding.Platform))
                Fail($"{key}:Id", $"channel {binding.Id} ({binding.Platform}) is bound twice; one binding per channel");
        }

        foreach (var (person, ids) in options.People)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (!IdentityPattern.IsValid(ids[i]) || IdentityPattern.Group(ids[i]) is not null || ids[i].EndsWith(":*", StringComparison.Ordinal))
                    Fail($"{Root}:People:{person}:{i}", $"'{ids[i]}' is not one person's identity (slack:U0ALICE, teams:<AAD object id>)");
                else if (string.CompareOrdinal(person, options.People.First(p => p.Value.Contains(ids[i], StringComparer.Ordinal)).Key) != 0)
                    Fail($"{Root}:People:{person}:{i}", $"{ids[i]} is also listed under another person; an identity belongs to one person");
            }
        }

        foreach (var (envName, env) in options.Environments)
        {
            ValidateEnvironment(options, $"{Root}:Environments:{envName}", env, _probeTypes, Fail);
            ValidateIncidents(options, envName, $"{Root}:Environments:{envName}", env, Fail);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateEnvironment(OpsBotOptions options, string key, EnvironmentOptions env, IReadOnlyDictionary<string, IHealthProbe> probeTypes, Action<string, string> fail)
    {
        if (!EnvironmentName().IsMatch(key[(key.LastIndexOf(':') + 1)..]))
            fail(key, "an environment name is letters, digits, dashes and underscores");
        var g = env.Gates;
        if (g.RequiredApprovers is < 1 or > 10)
            fail($"{key}:Gates:RequiredApprovers", $"must be within 1..10, not {g.RequiredApprovers}");
        if (g.ApprovalTimeout <= TimeSpan.Zero)
            fail($"{key}:Gates:ApprovalTimeout", "must be positive");
        if (g.PromotionTimeout <= TimeSpan.Zero)
            fail($"{key}:Gates:PromotionTimeout", "must be positive");

        var l = env.Limits;
        if (l.MaxFirstStepPercent is < 1 or > 100)
            fail($"{key}:Limits:MaxFirstStepPercent", $"must be within 1..100, not {l.MaxFirstStepPercent}");
        if (l.MinBakeMinutes is < 0 or > 1440)
            fail($"{key}:Limits:MinBakeMinutes", $"must be within 0..1440, not {l.MinBakeMinutes}");
        if (l.MaxRollbackThresholdPercent is < 0 or > 100)
            fail($"{key}:Limits:MaxRollbackThresholdPercent", $"must be within 0..100, not {l.MaxRollbackThresholdPercent}");
        var limits = env.EffectiveLimits();

        foreach (var (role, identities) in new[] { ("Viewer", env.Roles.Viewer), ("Deployer", env.Roles.Deployer), ("Approver", env.Roles.Approver), ("Admin", env.Roles.Admin) })
        {
            for (var i = 0; i < identities.Count; i++)
            {
                if (!IdentityPattern.IsValid(identities[i]))
                    fail($"{key}:Roles:{role}:{i}", $"'{identities[i]}' is not an identity; write slack:U0ALICE, slack:*, slack-group:S0123ABC or teams:<AAD object id>");
            }
        }

        ValidateProbes(key, env, probeTypes, fail);

        if (env.Functions.Count == 0)
            fail($"{key}:Functions", "the environment has no functions");

        foreach (var (fnName, fn) in env.Functions)
        {
            var fk = $"{key}:Functions:{fnName}";
            if (!FunctionName().IsMatch(fnName))
                fail(fk, "a Lambda function name is 1..64 letters, digits, dashes and underscores");
            if (!AliasName().IsMatch(fn.Alias))
                fail($"{fk}:Alias", $"'{fn.Alias}' is not a Lambda alias name (letters, digits, dashes, underscores; not only digits)");
            if (options.FindPlan(fn.Plan) is null)
                fail($"{fk}:Plan", $"unknown plan '{fn.Plan}' (known: {Known(options.PlanNames)})");
            if (fn.Engine == DeploymentEngine.CodeDeploy && (string.IsNullOrWhiteSpace(fn.CodeDeploy?.Application) || string.IsNullOrWhiteSpace(fn.CodeDeploy?.DeploymentGroup)))
                fail($"{fk}:CodeDeploy", "the codedeploy engine needs CodeDeploy:Application and CodeDeploy:DeploymentGroup");
            var t = fn.Thresholds;
            if (t.ErrorRatePercent is < 0 or > 100)
                fail($"{fk}:Thresholds:ErrorRatePercent", $"must be within 0..100, not {t.ErrorRatePercent}");
            if (t.AverageDurationMs <= 0)
                fail($"{fk}:Thresholds:AverageDurationMs", "must be positive");
            if (t.ConsecutivePeriods < 1)
                fail($"{fk}:Thresholds:ConsecutivePeriods", "must be at least 1");
            if (t.MinInvocations < 0)
                fail($"{fk}:Thresholds:MinInvocations", "must not be negative");
            if (t.MinJudgedPeriods < 0)
                fail($"{fk}:Thresholds:MinJudgedPeriods", "must not be negative");
            if (limits.MaxRollbackThresholdPercent is { } maxThreshold && t.ErrorRatePercent > maxThreshold)
                fail($"{fk}:Thresholds:ErrorRatePercent", $"{t.ErrorRatePercent} is above the environment's limit {key}:Limits:MaxRollbackThresholdPercent ({maxThreshold})");
            for (var i = 0; i < fn.Probes.Count; i++)
            {
                if (!env.Probes.ContainsKey(fn.Probes[i]))
                    fail($"{fk}:Probes:{i}", $"no probe named '{fn.Probes[i]}' is configured under {key}:Probes (known: {(env.Probes.Count == 0 ? "none" : Known(env.Probes.Keys.Order()))})");
            }
            if (fn.Channel is { } channel && env.AllowedChannels.Count > 0 && !env.AllowedChannels.Contains(channel))
                fail($"{fk}:Channel", $"'{channel}' is not among the environment's AllowedChannels");
        }
    }

    private static string Known(IEnumerable<string> names) => string.Join(", ", names);

    [GeneratedRegex("\\A[a-z0-9][a-z0-9-]*\\z")]
    private static partial Regex PlanName();

    [GeneratedRegex("\\A[A-Za-z0-9_-]+\\z")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("\\A[A-Za-z0-9_-]{1,64}\\z")]
    private static partial Regex FunctionName();

    [GeneratedRegex("\\A(?![0-9]+\\z)[A-Za-z0-9_-]{1,128}\\z")]
    private static partial Regex AliasName();
}
