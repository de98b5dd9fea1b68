using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Configuration;

/// <summary>The <c>OpsBot</c> configuration section: environments, their functions and gates, plans, channels and the runner.</summary>
public sealed class OpsBotOptions
{
    public const string Section = "OpsBot";

    public RunnerOptions Runner { get; set; } = new();

    /// <summary>How long stored history is kept (<c>OpsBot:Storage</c>; the provider and connection string beside it are the host's).</summary>
    public RetentionOptions Storage { get; set; } = new();

    /// <summary>
    /// Channels bound to an environment (commands there act on that environment unless --env says otherwise): a list,
    /// because a Teams channel id (<c>19:…@thread.tacv2</c>) contains ':', which a configuration key cannot.
    /// </summary>
    public List<ChannelBinding> Channels { get; set; } = [];

    /// <summary>People by name, each with their identities on every platform (<c>slack:U0ALICE</c>, <c>teams:&lt;AAD object id&gt;</c>): one person to roles and to four eyes.</summary>
    public Dictionary<string, List<string>> People { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The environment channel <paramref name="channel"/> of <paramref name="platform"/> is bound to; null when it is not bound.</summary>
    public string? BoundEnvironment(string platform, string? channel) =>
        channel is null ? null : Channels.FirstOrDefault(b => b.Id == channel && string.Equals(b.Platform, platform, StringComparison.Ordinal))?.Environment;

    /// <summary>The platform a bound channel is on (the first binding naming it); null when no binding names it.</summary>
    public string? PlatformOf(string? channel) => channel is null ? null : Channels.FirstOrDefault(b => b.Id == channel)?.Platform;

    /// <summary>Every identity of the person <paramref name="identity"/> is (itself included): the identities <see cref="People"/> lists beside it.</summary>
    public IReadOnlyList<string> IdentitiesOf(string identity)
    {
        foreach (var ids in People.Values)
        {
            if (ids.Contains(identity, StringComparer.Ordinal))
                return [.. ids.Distinct(StringComparer.Ordinal)];
        }
        return [identity];
    }

    public Dictionary<string, EnvironmentOptions> Environments { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Custom plans by name, beside the built-in canary, linear and all-at-once (which a custom plan of the same name replaces).</summary>
    public Dictionary<string, List<PlanStepOptions>> Plans { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The plan called <paramref name="name"/>: a custom one, else a built-in, else null.</summary>
    public DeploymentPlan? FindPlan(string name) =>
        Plans.TryGetValue(name, out var steps)
            ? new DeploymentPlan(name.ToLowerInvariant(), steps.Select(s => new PlanStep(s.Weight, s.Bake, s.Gate)).ToList())
            : DeploymentPlan.BuiltIn.GetValueOrDefault(name);

    public IEnumerable<string> PlanNames => DeploymentPlan.BuiltIn.Keys.Union(Plans.Keys, StringComparer.OrdinalIgnoreCase).Order();
}

/// <summary>A channel bound to an environment: <c>OpsBot:Channels:&lt;n&gt;:Id</c>, <c>:Platform</c> (slack or teams) and <c>:Environment</c>.</summary>
public sealed class ChannelBinding
{
    /// <summary>The platform's channel id: Slack's <c>C0DEPLOYS</c>, Teams' <c>19:…@thread.tacv2</c>.</summary>
    public string Id { get; set; } = "";

    public string Platform { get; set; } = "slack";

    public string Environment { get; set; } = "";
}

public sealed class PlanStepOptions
{
    public int Weight { get; set; }

    public TimeSpan Bake { get; set; }

    /// <summary>Wait for a person's Promote after this step.</summary>
    public bool Gate { get; set; }
}

/// <summary>How the deployment runner polls.</summary>
public sealed class RunnerOptions
{
    /// <summary>How often every active deployment is advanced.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Length of a metric period, and the granularity of "consecutive periods".</summary>
    public int MetricPeriodSeconds { get; set; } = 60;

    /// <summary>How far behind now a period must end before it is judged (CloudWatch publishes Lambda metrics late).</summary>
    public TimeSpan MetricLag { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Consecutive polls with unreadable checks (or failing traffic calls) before a deployment pauses and alerts.</summary>
    public int MaxProviderErrors { get; set; } = 5;

    /// <summary>Rollback attempts (one per poll) before <c>RollbackFailed</c>.</summary>
    public int MaxRollbackAttempts { get; set; } = 3;

    /// <summary>How often a deployment in <c>RollbackFailed</c> pages again.</summary>
    public TimeSpan RepageInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Shortest time between two updates of one card that only change what it measures (a new state is shown at once).</summary>
    public TimeSpan CardUpdateInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deployments advanced at the same time.</summary>
    public int MaxConcurrency { get; set; } = 16;
}

/// <summary>How long the runner keeps what is done: it purges older rows at most once an hour, after a poll.</summary>
public sealed class RetentionOptions
{
    /// <summary>Delivered (or given-up) notices, health samples of finished deployments, and idempotency keys older than this are purged.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Audit entries older than this are purged; kept longer than the rest, as audits are asked about later.</summary>
    public TimeSpan AuditRetention { get; set; } = TimeSpan.FromDays(400);
}

public sealed class EnvironmentOptions
{
    public string? Region { get; set; }

    /// <summary>Role OpsBot assumes to act in this environment's account.</summary>
    public string? RoleArn { get; set; }

    public GateOptions Gates { get; set; } = new();

    /// <summary>Bounds on what a deployer may override at the start; see <see cref="EffectiveLimits"/>.</summary>
    public LimitOptions Limits { get; set; } = new();

    public RoleOptions Roles { get; set; } = new();

    /// <summary>Channels allowed to act (deploy and above) on this environment; empty means any.</summary>
    public List<string> AllowedChannels { get; set; } = [];

    /// <summary>SNS topic that receives pages for this environment.</summary>
    public string? OpsTopicArn { get; set; }

    /// <summary>
    /// SNS topic(s) the environment's CloudWatch alarms notify, to which OpsBot's <c>/sns/alarms</c> is subscribed: an
    /// alarm event is taken only from a topic named here, and belongs to this environment.
    /// </summary>
    public List<string> AlarmTopicArns { get; set; } = [];

    /// <summary>How alarms that guard no deployment become incidents.</summary>
    public IncidentOptions Incidents { get; set; } = new();

    public FeatureFlagOptions? FeatureFlags { get; set; }

    /// <summary>Health probes by name (<c>influxdb</c>, <c>api</c>, <c>dlq</c>): functions name the ones that guard their deployments; <c>/health</c> runs them all.</summary>
    public Dictionary<string, ProbeOptions> Probes { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, FunctionOptions> Functions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>An environment gates when a person must approve the start or the promotion of its deployments.</summary>
    public bool IsGated => Gates.StartApproval || Gates.PromotionApproval;

    /// <summary>
    /// The limits that apply: each one configured wins; where none is configured, a gated environment gets the strict
    /// defaults (<see cref="LimitOptions.Strict"/>) and any other environment no limit.
    /// </summary>
    public LimitOptions EffectiveLimits() => new()
    {
        MaxFirstStepPercent = Limits.MaxFirstStepPercent ?? (IsGated ? LimitOptions.Strict.MaxFirstStepPercent : null),
        MinBakeMinutes = Limits.MinBakeMinutes ?? (IsGated ? LimitOptions.Strict.MinBakeMinutes : null),
        MaxRollbackThresholdPercent = Limits.MaxRollbackThresholdPercent ?? (IsGated ? LimitOptions.Strict.MaxRollbackThresholdPercent : null),
    };
}

/// <summary>
/// Bounds on the overrides a deployer can type at the start (<c>--canary-percentage</c>, <c>--bake-minutes</c>,
/// <c>--rollback-threshold</c>). An admin may go beyond them only with <c>--skip-approval --reason</c>, which is
/// audited and shown on the card. Null: no limit configured.
/// </summary>
public sealed class LimitOptions
{
    /// <summary>What a gated environment gets when it configures no limits: 25% first step, 5-minute bakes, 10% error rate.</summary>
    public static readonly LimitOptions Strict = new() { MaxFirstStepPercent = 25, MinBakeMinutes = 5, MaxRollbackThresholdPercent = 10 };

    /// <summary>The highest <c>--canary-percentage</c> (the first step's weight).</summary>
    public int? MaxFirstStepPercent { get; set; }

    /// <summary>The lowest <c>--bake-minutes</c>.</summary>
    public int? MinBakeMinutes { get; set; }

    /// <summary>The highest <c>--rollback-threshold</c> (error rate in percent), and of the configured thresholds.</summary>
    public double? MaxRollbackThresholdPercent { get; set; }
}

public sealed class GateOptions
{
    public bool StartApproval { get; set; }

    public bool PromotionApproval { get; set; }

    public bool FourEyes { get; set; }

    public int RequiredApprovers { get; set; } = 1;

    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromHours(4);

    public TimeSpan PromotionTimeout { get; set; } = TimeSpan.FromHours(24);

    public GateSettings ToSettings() => new()
    {
        StartApproval = StartApproval,
        PromotionApproval = PromotionApproval,
        FourEyes = FourEyes,
        RequiredApprovers = RequiredApprovers,
        ApprovalTimeout = ApprovalTimeout,
        PromotionTimeout = PromotionTimeout,
    };
}

/// <summary>Identities per role; each role includes the ones before it. <c>slack:U0ALICE</c>, <c>slack:*</c>, <c>slack-group:S0123ABC</c>, <c>teams:&lt;AAD object id&gt;</c>.</summary>
public sealed class RoleOptions
{
    public List<string> Viewer { get; set; } = [];

    public List<string> Deployer { get; set; } = [];

    public List<string> Approver { get; set; } = [];

    public List<string> Admin { get; set; } = [];
}

/// <summary>Incidents: alert threads opened by alarms that guard no deployment.</summary>
public sealed class IncidentOptions
{
    /// <summary>An alarm that goes back to ALARM within this of its last one joins the open incident.</summary>
    public TimeSpan IncidentWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A recovered incident nobody resolves is resolved after this long in OK.</summary>
    public TimeSpan AutoResolveAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An incident nobody acknowledges is escalated after this: a page and a mention of <see cref="OnCall"/>.</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The on-call user group mentioned on escalation (<c>slack-group:S0123ABC</c>); none when null.</summary>
    public string? OnCall { get; set; }

    /// <summary>Where incidents without a function's channel are posted; else the environment's first allowed channel.</summary>
    public string? Channel { get; set; }
}

public sealed class FeatureFlagOptions
{
    public string Application { get; set; } = "";

    public string Environment { get; set; } = "";

    public string Profile { get; set; } = "";

    /// <summary>The AppConfig strategy of <c>/flags enable|disable</c> without <c>--strategy</c>; null: AppConfig.Linear20PercentEvery6Minutes where the environment has gates, else AppConfig.AllAtOnce.</summary>
    public string? Strategy { get; set; }

    /// <summary>The strategy of <c>/rollback flags</c>, the emergency path.</summary>
    public string EmergencyStrategy { get; set; } = "AppConfig.AllAtOnce";

    /// <summary>How far back <c>/rollback flags --all-new</c> looks for flags an OpsBot change turned on.</summary>
    public TimeSpan RollbackWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The strategy a change gets when it names none.</summary>
    public string DefaultStrategy(bool gated) => Strategy ?? (gated ? "AppConfig.Linear20PercentEvery6Minutes" : "AppConfig.AllAtOnce");
}

public sealed class FunctionOptions
{
    public string Alias { get; set; } = "live";

    public DeploymentEngine Engine { get; set; } = DeploymentEngine.Alias;

    public string Plan { get; set; } = DeploymentPlan.Canary;

    /// <summary>The channel deployments of this function report to when they are not started from a channel.</summary>
    public string? Channel { get; set; }

    public CodeDeployOptions? CodeDeploy { get; set; }

    public List<string> Alarms { get; set; } = [];

    /// <summary>Health probes that guard this function's deployments, by their name in the environment's <c>Probes</c> (e.g. "influxdb").</summary>
    public List<string> Probes { get; set; } = [];

    public ThresholdOptions Thresholds { get; set; } = new();
}

public sealed class CodeDeployOptions
{
    public string Application { get; set; } = "";

    public string DeploymentGroup { get; set; } = "";
}

public sealed class ThresholdOptions
{
    public double ErrorRatePercent { get; set; } = 5;

    public double AverageDurationMs { get; set; } = 10_000;

    public int ConsecutivePeriods { get; set; } = 2;

    public int MinInvocations { get; set; } = 20;

    /// <summary>
    /// Judged periods a step's bake must see before it passes on its own (fewer: it waits for a person). Default: 1
    /// where the environment gates, else 0.
    /// </summary>
    public int? MinJudgedPeriods { get; set; }

    public HealthThresholds ToThresholds(EnvironmentOptions environment) => new()
    {
        ErrorRatePercent = ErrorRatePercent,
        AverageDurationMs = AverageDurationMs,
        ConsecutivePeriods = ConsecutivePeriods,
        MinInvocations = MinInvocations,
        MinJudgedPeriods = MinJudgedPeriods ?? (environment.IsGated ? 1 : 0),
    };
}
