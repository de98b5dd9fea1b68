using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>
/// The emulated AppConfig: applications, environments, hosted configuration profiles and their versions, deployment
/// strategies and deployments, behind one lock. Answers are built under the lock, so each is a consistent snapshot.
/// An environment's monitors read the alarms of the same world (<see cref="IAlarmStates"/>) as deployments move on.
/// </summary>
internal sealed partial class AppConfigWorld
{
    /// <summary>The largest hosted configuration AppConfig accepts: 2 MB.</summary>
    public const int MaxContentBytes = 2 * 1024 * 1024;

    /// <summary>How long after completing a deployment can be reverted: 72 hours, in strategy minutes.</summary>
    private const int RevertWindowMinutes = 72 * 60;

    private readonly Lock _lock = new();
    private readonly List<AppConfigApplication> _applications = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly List<DeploymentStrategy> _strategies = [.. DeploymentStrategy.Predefined];
    private readonly TimeProvider _time;
    private readonly TimeSpan _minute;
    private readonly IAlarmStates _alarms;

    public AppConfigWorld(TimeProvider time, IOptions<AwsEmulatorOptions> options, IAlarmStates alarms)
    {
        _time = time;
        _minute = options.Value.MinuteLength;
        _alarms = alarms;
        AppConfigSeed.Seed(this, options.Value, time.GetUtcNow());
    }

    /// <summary>AppConfig's predefined strategies, then the seed's own.</summary>
    public IReadOnlyList<DeploymentStrategy> Strategies => _strategies;

    // ---- Seeding (before the world is shared, so without the lock).

    /// <summary>An AWS-like id for <paramref name="what"/>, unique in this world.</summary>
    internal string NewId(string what) => AppConfigIds.For(what, _ids);

    internal void AddStrategy(DeploymentStrategy strategy) => _strategies.Add(strategy);

    internal AppConfigApplication AddApplication(string name, string? description)
    {
        var application = new AppConfigApplication(AppConfigIds.For($"application:{name}", _ids), name, description);
        _applications.Add(application);
        return application;
    }

    internal AppConfigEnvironment AddEnvironment(AppConfigApplication application, string name, string? description)
    {
        var environment = new AppConfigEnvironment(application.Id, AppConfigIds.For($"environment:{application.Id}:{name}", _ids), name, description);
        application.Environments.Add(environment);
        return environment;
    }

    internal ConfigurationProfile AddProfile(AppConfigApplication application, string name, string? description, string type)
    {
        var profile = new ConfigurationProfile(application.Id, AppConfigIds.For($"profile:{application.Id}:{name}", _ids), name, description, type);
        application.Profiles.Add(profile);
        return profile;
    }

    internal HostedVersion AddVersion(ConfigurationProfile profile, byte[] content, string contentType, string? description, string? label)
    {
        var version = new HostedVersion(profile.ApplicationId, profile.Id, profile.LatestVersionNumber + 1, description, contentType, label, content);
        profile.Versions.Add(version);
        return version;
    }

    /// <summary>A deployment that already finished at <paramref name="at"/> (it started a bake time earlier).</summary>
    internal void AddCompletedDeployment(AppConfigEnvironment environment, ConfigurationProfile profile, HostedVersion version,
        DeploymentStrategy strategy, string description, DateTimeOffset at)
    {
        var deployment = new AppConfigDeployment(environment.LatestDeploymentNumber + 1, environment, strategy, profile, version, description,
            environment.Deployed.GetValueOrDefault(profile.Id), at - (_minute * (strategy.DurationMinutes + strategy.BakeMinutes)));
        deployment.Started();
        deployment.Advance(at, _minute);
        environment.Add(deployment);
        environment.Deployed[profile.Id] = deployment.ConfigurationVersion;
    }

    // ---- Operations.

    public JsonObject ListApplications(int? max, string? token)
    {
        lock (_lock)
            return AppConfigPaging.Page(_applications, a => a.ToJson(), max, token);
    }

    public JsonObject ListEnvironments(string applicationId, int? max, string? token)
    {
        lock (_lock)
            return AppConfigPaging.Page(Application(applicationId).Environments, e => e.ToJson(), max, token);
    }

    public JsonObject ListConfigurationProfiles(string applicationId, string? type, int? max, string? token)
    {
        lock (_lock)
        {
            var profiles = Application(applicationId).Profiles.Where(p => type is null || p.Type == type).ToList();
            return AppConfigPaging.Page(profiles, p => p.ToSummaryJson(), max, token);
        }
    }

    /// <summary>Newest first; a label ending in '*' matches as a prefix, else exactly.</summary>
    public JsonObject ListHostedConfigurationVersions(string applicationId, string profileId, string? label, int? max, string? token)
    {
        lock (_lock)
        {
            var versions = Profile(applicationId, profileId).Versions
                .Where(v => label is null || (label.EndsWith('*') ? v.VersionLabel?.StartsWith(label[..^1], StringComparison.Ordinal) == true : v.VersionLabel == label))
                .Reverse()
                .ToList();
            return AppConfigPaging.Page(versions, v => v.ToSummaryJson(), max, token);
        }
    }

    public HostedVersion GetHostedConfigurationVersion(string applicationId, string profileId, int number)
    {
        lock (_lock)
        {
            return Profile(applicationId, profileId).Versions.FirstOrDefault(v => v.VersionNumber == number)
                ?? throw AppConfigException.NotFound("Hosted configuration version", number.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Stores the next version. <paramref name="latestVersionNumber"/> is the optimistic lock: when it is not the
    /// latest version any more, someone else created one meanwhile and the call is refused with ConflictException.
    /// A feature-flag profile's content must meet the AWS.AppConfig.FeatureFlags schema.
    /// </summary>
    public HostedVersion CreateHostedConfigurationVersion(string applicationId, string profileId, byte[] content, string? contentType,
        string? description, int? latestVersionNumber, string? label)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            throw AppConfigException.Validation("contentType", "null", "Member must not be null");
        if (contentType.Length > 255)
            throw AppConfigException.Validation("contentType", contentType, "Member must have length less than or equal to 255");
        if (description is { Length: > 1024 })
            throw AppConfigException.Validation("description", description, "Member must have length less than or equal to 1024");
        if (label is not null && (label.Length is 0 or > 64 || label.All(char.IsAsciiDigit)))
            throw AppConfigException.Validation("versionLabel", label, "Member must have length between 1 and 64 and must not be only digits");
        if (content.Length > MaxContentBytes)
        {
            throw new AppConfigException((HttpStatusCode)413, "PayloadTooLargeException", "The configuration is larger than AppConfig's 2 MB limit.",
                new JsonObject { ["Measure"] = "MEGABYTES", ["Limit"] = 2.0, ["Size"] = Math.Round(content.Length / 1048576.0, 2) });
        }
        lock (_lock)
        {
            var profile = Profile(applicationId, profileId);
            if (latestVersionNumber is { } expected && expected != profile.LatestVersionNumber)
            {
                throw AppConfigException.Conflict(
                    $"The latest version of configuration profile {profileId} is {profile.LatestVersionNumber}, not {expected}: another version was created meanwhile.");
            }
            if (label is not null && profile.Versions.Any(v => v.VersionLabel == label))
                throw AppConfigException.Conflict($"A version of configuration profile {profileId} is already labelled '{label}'.");
            if (profile.Versions.Count >= ConfigurationProfile.MaxVersions)
            {
                throw new AppConfigException((HttpStatusCode)402, "ServiceQuotaExceededException",
                    $"Configuration profile {profileId} has {ConfigurationProfile.MaxVersions} versions, as many as the sandbox keeps.");
            }
            if (profile.Type == ConfigurationProfile.FeatureFlagsType)
            {
                if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                    throw AppConfigException.BadRequest($"An {ConfigurationProfile.FeatureFlagsType} configuration's content type must be application/json, not {contentType}.");
                var problems = FeatureFlagsValidator.Validate(content);
                if (problems.Count > 0)
                {
                    throw AppConfigException.InvalidConfiguration(
                        $"The configuration does not match the {ConfigurationProfile.FeatureFlagsType} schema: {problems.Count} {(problems.Count == 1 ? "problem" : "problems")}.", problems);
                }
            }
            return AddVersion(profile, content, contentType, description, label);
        }
    }

    /// <summary>Starts deploying a version (its number or label); one deployment at a time per environment, else ConflictException.</summary>
    public JsonObject StartDeployment(string applicationId, string environmentId, string? strategyId, string? profileId, string? configurationVersion,
        string? description, int? latestDeploymentNumber)
    {
        if (string.IsNullOrEmpty(strategyId))
            throw AppConfigException.Validation("deploymentStrategyId", "null", "Member must not be null");
        if (string.IsNullOrEmpty(profileId))
            throw AppConfigException.Validation("configurationProfileId", "null", "Member must not be null");
        if (string.IsNullOrEmpty(configurationVersion))
            throw AppConfigException.Validation("configurationVersion", "null", "Member must not be null");
        if (description is { Length: > 1024 })
            throw AppConfigException.Validation("description", description, "Member must have length less than or equal to 1024");
        lock (_lock)
        {
            var environment = Environment(applicationId, environmentId);
            var profile = Profile(applicationId, profileId);
            var strategy = Strategies.FirstOrDefault(s => s.Id == strategyId) ?? throw AppConfigException.NotFound("Deployment strategy", strategyId);
            var version = profile.Find(configurationVersion) ?? throw AppConfigException.NotFound("Hosted configuration version", configurationVersion);
            if (latestDeploymentNumber is { } expected && expected != environment.LatestDeploymentNumber)
            {
                throw AppConfigException.Conflict(
                    $"The latest deployment to environment {environmentId} is number {environment.LatestDeploymentNumber}, not {expected}.");
            }
            if (environment.Active is { } active)
            {
                throw AppConfigException.Conflict(
                    $"Deployment {active.Number} to environment {environmentId} is {active.State}; an environment takes one deployment at a time. Wait for it to finish or stop it.");
            }
            var now = _time.GetUtcNow();
            var deployment = new AppConfigDeployment(environment.LatestDeploymentNumber + 1, environment, strategy, profile, version, description,
                environment.Deployed.GetValueOrDefault(profile.Id), now);
            deployment.Started();
            environment.Add(deployment);
            environment.State = "DEPLOYING";
            // A strategy without duration has deployed to everyone the moment it starts.
            Advance(deployment, now);
            return deployment.ToJson();
        }
    }

    public JsonObject GetDeployment(string applicationId, string environmentId, int number)
    {
        lock (_lock)
            return Deployment(applicationId, environmentId, number).ToJson();
    }

    /// <summary>
    /// Stops a deployment, by AppConfig's rules: without <paramref name="allowRevert"/> only a DEPLOYING one, which is
    /// rolled back (ROLLED_BACK; the environment keeps its version); with it also a BAKING (or VALIDATING) one, rolled
    /// back alike, and a COMPLETE one, the newest of its profile there and completed within 72 hours, which is REVERTED
    /// to the version deployed before it. Anything else is refused with BadRequestException saying why.
    /// </summary>
    public JsonObject StopDeployment(string applicationId, string environmentId, int number, bool allowRevert)
    {
        lock (_lock)
        {
            var deployment = Deployment(applicationId, environmentId, number);
            var environment = deployment.Environment;
            var now = _time.GetUtcNow();
            switch (deployment.State)
            {
                case "DEPLOYING":
                case "BAKING" or "VALIDATING" when allowRevert:
                    deployment.RollBack(now);
                    environment.State = "ROLLED_BACK";
                    break;
                case "BAKING" or "VALIDATING":
                    throw AppConfigException.BadRequest(
                        $"Deployment {number} is {deployment.State}, and without Allow-Revert only a DEPLOYING deployment can be stopped; set Allow-Revert to roll it back.");
                case "COMPLETE":
                    Revert(deployment, allowRevert, now);
                    break;
                default:
                    throw AppConfigException.BadRequest($"Deployment {number} is already {deployment.State}.");
            }
            return deployment.ToJson();
        }
    }

    /// <summary>Newest first.</summary>
    public JsonObject ListDeployments(string applicationId, string environmentId, int? max, string? token)
    {
        lock (_lock)
        {
            var deployments = Environment(applicationId, environmentId).Deployments.AsEnumerable().Reverse().ToList();
            return AppConfigPaging.Page(deployments, d => d.ToSummaryJson(), max, token);
        }
    }

    public JsonObject ListDeploymentStrategies(int? max, string? token) => AppConfigPaging.Page(Strategies, s => s.ToJson(), max, token);

    /// <summary>
    /// Moves every deployment in progress on to <paramref name="now"/>: a rollback under way completes when its time is
    /// up; otherwise the steps due are taken, and a deployment still DEPLOYING or BAKING whose environment monitors an
    /// alarm now in ALARM starts rolling back.
    /// </summary>
    public void Advance(DateTimeOffset now)
    {
        lock (_lock)
        {
            foreach (var deployment in _applications.SelectMany(a => a.Environments).Select(e => e.Active).OfType<AppConfigDeployment>())
            {
                if (deployment.State == "ROLLING_BACK")
                {
                    if (deployment.FinishRollback(now))
                        deployment.Environment.State = "ROLLED_BACK";
                    continue;
                }
                Advance(deployment, now);
                if (deployment.State is "DEPLOYING" or "BAKING" && AlarmingMonitor(deployment.Environment) is { } alarm)
                {
                    deployment.StartRollback(alarm.AlarmArn, now);
                    deployment.Environment.State = "ROLLING_BACK";
                }
            }
        }
    }

    /// <summary>Replaces an environment's monitors (for tests and the sandbox's own pages; AppConfig's UpdateEnvironment is not emulated).</summary>
    public void SetMonitors(string applicationName, string environmentName, IReadOnlyList<EnvironmentMonitor> monitors)
    {
        lock (_lock)
        {
            var environment = _applications.First(a => a.Name == applicationName).Environments.First(e => e.Name == environmentName);
            environment.Monitors.Clear();
            environment.Monitors.AddRange(monitors);
        }
    }

    /// <summary>The version deployed to an environment, per profile name (for tests and the sandbox's own pages).</summary>
    public IReadOnlyDictionary<string, string> Deployed(string applicationName, string environmentName)
    {
        lock (_lock)
        {
            var application = _applications.First(a => a.Name == applicationName);
            var environment = application.Environments.First(e => e.Name == environmentName);
            return application.Profiles.Where(p => environment.Deployed.ContainsKey(p.Id)).ToDictionary(p => p.Name, p => environment.Deployed[p.Id]);
        }
    }

    /// <summary>The ids of the application and of its environments and profiles, by name.</summary>
    public (string Application, IReadOnlyDictionary<string, string> Environments, IReadOnlyDictionary<string, string> Profiles) Ids(string applicationName)
    {
        lock (_lock)
        {
            var application = _applications.First(a => a.Name == applicationName);
            return (application.Id, application.Environments.ToDictionary(e => e.Name, e => e.Id), application.Profiles.ToDictionary(p => p.Name, p => p.Id));
        }
    }

    /// <summary>
    /// Reverts a COMPLETE deployment to the version before it, monitors notwithstanding: only with Allow-Revert, only
    /// the newest of its profile in the environment (a later one that was rolled back left this one's version in force,
    /// so it does not count), and only within 72 hours of its completion.
    /// </summary>
    private void Revert(AppConfigDeployment deployment, bool allowRevert, DateTimeOffset now)
    {
        var number = deployment.Number;
        var environment = deployment.Environment;
        if (!allowRevert)
            throw AppConfigException.BadRequest($"Deployment {number} is COMPLETE, so there is nothing to stop; set Allow-Revert to revert it.");
        var newer = environment.Deployments.FirstOrDefault(d => d.Number > number && d.Profile == deployment.Profile && d.State != "ROLLED_BACK");
        if (newer is not null)
            throw AppConfigException.BadRequest($"Deployment {number} cannot be reverted: deployment {newer.Number} of the same configuration came after it.");
        if (deployment.CompletedAt + (_minute * RevertWindowMinutes) < now)
            throw AppConfigException.BadRequest($"Deployment {number} completed more than 72 hours ago and can no longer be reverted.");
        deployment.Revert(now);
        environment.State = "REVERTED";
        if (deployment.PreviousVersion is { } previous)
            environment.Deployed[deployment.Profile.Id] = previous;
        else
            environment.Deployed.Remove(deployment.Profile.Id);
    }

    /// <summary>The first of the environment's monitors whose alarm is in ALARM in this world, if any.</summary>
    private EnvironmentMonitor? AlarmingMonitor(AppConfigEnvironment environment) =>
        environment.Monitors.FirstOrDefault(m => _alarms.StateOf(m.AlarmArn) == "ALARM");

    private void Advance(AppConfigDeployment deployment, DateTimeOffset now)
    {
        if (!deployment.Advance(now, _minute))
            return;
        deployment.Environment.State = "READY_FOR_DEPLOYMENT";
        deployment.Environment.Deployed[deployment.Profile.Id] = deployment.ConfigurationVersion;
    }

    private AppConfigApplication Application(string id) =>
        _applications.FirstOrDefault(a => a.Id == id) ?? throw AppConfigException.NotFound("Application", id);

    private AppConfigEnvironment Environment(string applicationId, string id) =>
        Application(applicationId).Environments.FirstOrDefault(e => e.Id == id) ?? throw AppConfigException.NotFound("Environment", id);

    private ConfigurationProfile Profile(string applicationId, string id) =>
        Application(applicationId).Profiles.FirstOrDefault(p => p.Id == id) ?? throw AppConfigException.NotFound("Configuration profile", id);

    private AppConfigDeployment Deployment(string applicationId, string environmentId, int number) =>
        Environment(applicationId, environmentId).Deployments.FirstOrDefault(d => d.Number == number)
        ?? throw AppConfigException.NotFound("Deployment", number.ToString(CultureInfo.InvariantCulture));
}
