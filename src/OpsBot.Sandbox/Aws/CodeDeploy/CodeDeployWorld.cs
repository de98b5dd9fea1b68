using Microsoft.Extensions.Options;
using OpsBot.Sandbox.Aws.Lambda;

namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>
/// The sandbox's CodeDeploy: application <see cref="SandboxSeed.CodeDeployApplication"/> (compute platform Lambda)
/// with a deployment group per function, the predefined Lambda deployment configurations and the ones created since,
/// and every deployment. Deployments move with <see cref="Tick"/>, shifting the alias through <see cref="LambdaWorld"/>
/// as CodeDeploy does. One lock guards it all (taken before Lambda's, never after).
/// </summary>
internal sealed partial class CodeDeployWorld
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _applications = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Application, string Group), CodeDeployGroup> _groups = [];
    private readonly Dictionary<string, LambdaDeploymentConfig> _configs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CodeDeployDeployment> _deployments = new(StringComparer.Ordinal);
    private readonly LambdaWorld _lambda;
    private readonly TimeProvider _time;
    private readonly TimeSpan _minute;
    private long _sequence;

    public CodeDeployWorld(LambdaWorld lambda, IOptions<AwsEmulatorOptions> options, TimeProvider time)
    {
        _lambda = lambda;
        _time = time;
        _minute = options.Value.MinuteLength > TimeSpan.Zero ? options.Value.MinuteLength : TimeSpan.FromMinutes(1);
        var now = time.GetUtcNow();
        var account = options.Value.AccountId;
        Seed(now, account);
    }

    /// <summary>Deployment ids a ListDeployments page holds (100, as CodeDeploy; tests make it smaller).</summary>
    internal int PageSize { get; set; } = 100;

    private void Seed(DateTimeOffset now, string account)
    {
        AddConfig(now, "CodeDeployDefault.LambdaAllAtOnce", LambdaDeploymentConfig.AllAtOnce, 0, 0);
        foreach (var minutes in new[] { 5, 10, 15, 30 })
            AddConfig(now, $"CodeDeployDefault.LambdaCanary10Percent{minutes}Minutes", LambdaDeploymentConfig.Canary, 10, minutes);
        foreach (var minutes in new[] { 1, 2, 3, 10 })
            AddConfig(now, $"CodeDeployDefault.LambdaLinear10PercentEvery{minutes}Minute{(minutes == 1 ? "" : "s")}", LambdaDeploymentConfig.Linear, 10, minutes);

        _applications[SandboxSeed.CodeDeployApplication] = Guid.NewGuid().ToString();
        foreach (var function in SandboxSeed.Functions)
        {
            var group = new CodeDeployGroup(SandboxSeed.CodeDeployApplication, SandboxSeed.DeploymentGroup(function), Guid.NewGuid().ToString(),
                "CodeDeployDefault.LambdaCanary10Percent5Minutes", $"arn:aws:iam::{account}:role/CodeDeployServiceRole",
                new AutoRollbackSetting(true, [AutoRollbackSetting.OnFailure, AutoRollbackSetting.OnStopRequest]),
                [SandboxSeed.ErrorRateAlarm(function), SandboxSeed.DurationAlarm(function)]);
            _groups[(group.Application, group.Name)] = group;
        }
    }

    private void AddConfig(DateTimeOffset now, string name, string type, int percentage, int minutes) =>
        _configs[name] = new LambdaDeploymentConfig(name, Guid.NewGuid().ToString(), now, type, percentage, minutes);

    private CodeDeployGroup FindGroup(string? application, string? group)
    {
        if (string.IsNullOrEmpty(application))
            throw CodeDeployFault.Required("Application name", "ApplicationNameRequiredException");
        if (!_applications.ContainsKey(application))
            throw CodeDeployFault.NoApplication(application);
        if (string.IsNullOrEmpty(group))
            throw CodeDeployFault.Required("Deployment group name", "DeploymentGroupNameRequiredException");
        return _groups.TryGetValue((application, group), out var found) ? found : throw CodeDeployFault.NoGroup(group);
    }

    private CodeDeployDeployment FindDeployment(string? id)
    {
        if (string.IsNullOrEmpty(id))
            throw CodeDeployFault.Required("Deployment ID", "DeploymentIdRequiredException");
        if (!IsDeploymentId(id))
            throw new CodeDeployFault("InvalidDeploymentIdException", $"Specified DeploymentId is not in the valid format: {id}");
        return _deployments.TryGetValue(id, out var found) ? found : throw CodeDeployFault.NoDeployment(id);
    }

    /// <summary>CodeDeploy's ids: <c>d-</c> and nine upper-case letters and digits.</summary>
    private static bool IsDeploymentId(string id) =>
        id.Length == 11 && id.StartsWith("d-", StringComparison.Ordinal) && id[2..].All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c));

    private string NewDeploymentId()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        while (true)
        {
            var id = "d-" + new string(Random.Shared.GetItems(alphabet.AsSpan(), 9));
            if (!_deployments.ContainsKey(id))
                return id;
        }
    }
}
