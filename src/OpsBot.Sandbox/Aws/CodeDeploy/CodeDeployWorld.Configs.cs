using System.Text.RegularExpressions;

namespace OpsBot.Sandbox.Aws.CodeDeploy;

internal sealed partial class CodeDeployWorld
{
    /// <summary>GetDeploymentConfig.</summary>
    public LambdaDeploymentConfig GetConfig(string? name)
    {
        if (string.IsNullOrEmpty(name))
            throw CodeDeployFault.Required("Deployment configuration name", "DeploymentConfigNameRequiredException");
        lock (_lock)
            return _configs.TryGetValue(name, out var config) ? config : throw CodeDeployFault.NoConfig(name);
    }

    /// <summary>
    /// CreateDeploymentConfig for the Lambda compute platform (the only one the sandbox deploys to): AllAtOnce, or a
    /// canary or linear shift of 1..99 percent with a wait of at least a minute. Answers the new configuration's id.
    /// </summary>
    public string CreateConfig(string? name, string? computePlatform, string? type, int? percentage, int? interval)
    {
        if (string.IsNullOrEmpty(name))
            throw CodeDeployFault.Required("Deployment configuration name", "DeploymentConfigNameRequiredException");
        if (name.Length > 100 || !ConfigName().IsMatch(name))
            throw new CodeDeployFault("InvalidDeploymentConfigNameException", $"Deployment configuration name {name} is invalid.");
        if ((computePlatform ?? "Server") != "Lambda")
        {
            throw new CodeDeployFault("InvalidComputePlatformException",
                $"The sandbox emulates deployment configurations of the Lambda compute platform only, not {computePlatform ?? "Server"}.");
        }
        type ??= LambdaDeploymentConfig.AllAtOnce;
        switch (type)
        {
            case LambdaDeploymentConfig.AllAtOnce:
                (percentage, interval) = (0, 0);
                break;
            case LambdaDeploymentConfig.Canary or LambdaDeploymentConfig.Linear:
                var shape = type == LambdaDeploymentConfig.Canary ? "timeBasedCanary" : "timeBasedLinear";
                if (percentage is not (>= 1 and <= 99) || interval is not >= 1)
                {
                    throw new CodeDeployFault("InvalidTrafficRoutingConfigurationException",
                        $"A {type} traffic routing configuration needs {shape} with a percentage between 1 and 99 and an interval of at least 1 minute.");
                }
                break;
            default:
                throw new CodeDeployFault("InvalidTrafficRoutingConfigurationException", $"Traffic routing type {type} is not TimeBasedCanary, TimeBasedLinear or AllAtOnce.");
        }
        lock (_lock)
        {
            if (_configs.ContainsKey(name))
                throw new CodeDeployFault("DeploymentConfigAlreadyExistsException", $"A deployment configuration with the name {name} already exists.");
            var config = new LambdaDeploymentConfig(name, Guid.NewGuid().ToString(), _time.GetUtcNow(), type, percentage.Value, interval.Value);
            _configs[name] = config;
            return config.Id;
        }
    }

    [GeneratedRegex(@"\A[A-Za-z0-9._+=,@-]+\z")]
    private static partial Regex ConfigName();
}
