using System.Globalization;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>
/// A deployment of a hosted version to an environment. It moves on with <see cref="Advance"/>: DEPLOYING through the
/// strategy's percentages at their times, then BAKING for the bake time, then COMPLETE (or, stopped or rolled back by
/// an alarm, ROLLING_BACK and ROLLED_BACK; reverted once complete, REVERTED); one strategy minute lasts the
/// emulator's <see cref="AwsEmulatorOptions.MinuteLength"/>. Each step happens at its scheduled moment (not at the
/// tick that notices it), so the event log reads the same however coarsely the clock moves. Changed under the
/// world's lock.
/// </summary>
internal sealed class AppConfigDeployment(
    int number,
    AppConfigEnvironment environment,
    DeploymentStrategy strategy,
    ConfigurationProfile profile,
    HostedVersion version,
    string? description,
    string? previousVersion,
    DateTimeOffset startedAt)
{
    /// <summary>How long a rollback that an alarm started takes, ROLLING_BACK to ROLLED_BACK.</summary>
    public static readonly TimeSpan RollbackTime = TimeSpan.FromSeconds(1);

    private readonly List<Event> _events = [];
    private int _stepsDone;
    private DateTimeOffset? _bakeStartedAt;
    private DateTimeOffset? _rollbackStartedAt;

    public int Number { get; } = number;

    public AppConfigEnvironment Environment { get; } = environment;

    public DeploymentStrategy Strategy { get; } = strategy;

    public ConfigurationProfile Profile { get; } = profile;

    public HostedVersion Version { get; } = version;

    /// <summary>What the caller said the deployment is for (OpsBot writes its flag change's id here).</summary>
    public string? Description { get; } = description;

    /// <summary>The version of the profile deployed to the environment before this one, which a revert restores.</summary>
    public string? PreviousVersion { get; } = previousVersion;

    public string State { get; private set; } = "DEPLOYING";

    public double Percentage { get; private set; }

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset? CompletedAt { get; private set; }

    public bool IsActive => State is "DEPLOYING" or "BAKING" or "VALIDATING" or "ROLLING_BACK";

    public string ConfigurationVersion => Version.VersionNumber.ToString(CultureInfo.InvariantCulture);

    public void Started() => Log("DEPLOYMENT_STARTED", "USER", "Deployment started", StartedAt);

    /// <summary>Applies every step due by <paramref name="now"/>; true when this completed the deployment.</summary>
    public bool Advance(DateTimeOffset now, TimeSpan minute)
    {
        if (State == "DEPLOYING")
        {
            var steps = Strategy.Steps();
            var duration = minute * Strategy.DurationMinutes;
            while (_stepsDone < steps.Count && StartedAt + (duration * steps[_stepsDone].Fraction) <= now)
            {
                Percentage = steps[_stepsDone].Percent;
                Log("PERCENTAGE_UPDATED", "APPCONFIG", string.Create(CultureInfo.InvariantCulture, $"Configuration available to {Percentage:0.00}% of clients"),
                    StartedAt + (duration * steps[_stepsDone].Fraction));
                _stepsDone++;
            }
            if (_stepsDone < steps.Count)
                return false;
            _bakeStartedAt = StartedAt + duration;
            State = "BAKING";
            Log("BAKE_TIME_STARTED", "APPCONFIG", "Deployment bake time started", _bakeStartedAt.Value);
        }
        if (State == "BAKING" && _bakeStartedAt!.Value + (minute * Strategy.BakeMinutes) <= now)
        {
            State = "COMPLETE";
            CompletedAt = _bakeStartedAt.Value + (minute * Strategy.BakeMinutes);
            Log("DEPLOYMENT_COMPLETED", "APPCONFIG", "Deployment completed", CompletedAt.Value);
            return true;
        }
        return false;
    }

    /// <summary>Stops a deployment in progress at a person's request: the environment keeps the version it had.</summary>
    public void RollBack(DateTimeOffset now)
    {
        Log("ROLLBACK_STARTED", "USER", "Rollback initiated by user", now);
        CompleteRollback(now);
    }

    /// <summary>
    /// A monitored alarm in ALARM starts rolling a deployment in progress back (ROLLING_BACK), for
    /// <see cref="RollbackTime"/> (<see cref="FinishRollback"/>). AppConfig's event names the alarm's ARN.
    /// </summary>
    public void StartRollback(string alarmArn, DateTimeOffset now)
    {
        State = "ROLLING_BACK";
        _rollbackStartedAt = now;
        Log("ROLLBACK_STARTED", "CLOUDWATCH_ALARM", $"Rollback initiated by CloudWatch alarm {alarmArn}", now);
    }

    /// <summary>Completes a rollback under way once its time has passed (at that moment, however late the tick); true when it did.</summary>
    public bool FinishRollback(DateTimeOffset now)
    {
        if (State != "ROLLING_BACK" || _rollbackStartedAt!.Value + RollbackTime > now)
            return false;
        CompleteRollback(_rollbackStartedAt.Value + RollbackTime);
        return true;
    }

    /// <summary>Ends a rollback: ROLLED_BACK, and the environment keeps the version it had.</summary>
    private void CompleteRollback(DateTimeOffset at)
    {
        State = "ROLLED_BACK";
        Log("ROLLBACK_COMPLETED", "APPCONFIG", "Rollback completed", at);
    }

    /// <summary>Reverts a complete deployment: the environment goes back to the version it had before.</summary>
    public void Revert(DateTimeOffset now)
    {
        State = "REVERTED";
        Log("REVERT_COMPLETED", "USER",
            PreviousVersion is null ? "Configuration reverted: no earlier version was deployed" : $"Configuration reverted to version {PreviousVersion}", now);
    }

    public JsonObject ToJson() => new()
    {
        ["ApplicationId"] = Environment.ApplicationId,
        ["EnvironmentId"] = Environment.Id,
        ["DeploymentStrategyId"] = Strategy.Id,
        ["ConfigurationProfileId"] = Profile.Id,
        ["DeploymentNumber"] = Number,
        ["ConfigurationName"] = Profile.Name,
        ["ConfigurationLocationUri"] = "hosted",
        ["ConfigurationVersion"] = ConfigurationVersion,
        ["Description"] = Description,
        ["DeploymentDurationInMinutes"] = Strategy.DurationMinutes,
        ["GrowthType"] = Strategy.GrowthType,
        ["GrowthFactor"] = Strategy.GrowthFactor,
        ["FinalBakeTimeInMinutes"] = Strategy.BakeMinutes,
        ["State"] = State,
        // AppConfig lists the newest event first.
        ["EventLog"] = new JsonArray([.. Enumerable.Reverse(_events).Select(e => (JsonNode)e.ToJson())]),
        ["PercentageComplete"] = Percentage,
        ["StartedAt"] = AppConfigTime.Format(StartedAt),
        ["CompletedAt"] = CompletedAt is { } at ? AppConfigTime.Format(at) : null,
        ["AppliedExtensions"] = new JsonArray(),
        ["VersionLabel"] = Version.VersionLabel,
    };

    public JsonObject ToSummaryJson() => new()
    {
        ["DeploymentNumber"] = Number,
        ["ConfigurationProfileId"] = Profile.Id,
        ["ConfigurationName"] = Profile.Name,
        ["ConfigurationVersion"] = ConfigurationVersion,
        ["DeploymentDurationInMinutes"] = Strategy.DurationMinutes,
        ["GrowthType"] = Strategy.GrowthType,
        ["GrowthFactor"] = Strategy.GrowthFactor,
        ["FinalBakeTimeInMinutes"] = Strategy.BakeMinutes,
        ["State"] = State,
        ["PercentageComplete"] = Percentage,
        ["StartedAt"] = AppConfigTime.Format(StartedAt),
        ["CompletedAt"] = CompletedAt is { } at ? AppConfigTime.Format(at) : null,
        ["VersionLabel"] = Version.VersionLabel,
        ["Type"] = "USER",
    };

    private void Log(string type, string by, string text, DateTimeOffset at) => _events.Add(new Event(type, by, text, at));

    private sealed record Event(string Type, string TriggeredBy, string Description, DateTimeOffset At)
    {
        public JsonObject ToJson() => new()
        {
            ["EventType"] = Type,
            ["TriggeredBy"] = TriggeredBy,
            ["Description"] = Description,
            ["OccurredAt"] = AppConfigTime.Format(At),
        };
    }
}
