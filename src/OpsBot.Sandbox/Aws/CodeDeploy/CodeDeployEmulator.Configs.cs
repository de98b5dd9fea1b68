using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.CodeDeploy;

internal sealed partial class CodeDeployEmulator
{
    /// <summary>GetDeploymentGroup → <c>{deploymentGroupInfo}</c>.</summary>
    private JsonObject GetDeploymentGroup(JsonObject input) =>
        new() { ["deploymentGroupInfo"] = CodeDeployJson.Group(world.GetGroup(String(input, "applicationName"), String(input, "deploymentGroupName"))) };

    /// <summary>GetDeploymentConfig → <c>{deploymentConfigInfo}</c>.</summary>
    private JsonObject GetDeploymentConfig(JsonObject input) =>
        new() { ["deploymentConfigInfo"] = CodeDeployJson.Config(world.GetConfig(String(input, "deploymentConfigName"))) };

    /// <summary>CreateDeploymentConfig (Lambda: a trafficRoutingConfig of TimeBasedCanary, TimeBasedLinear or AllAtOnce) → <c>{deploymentConfigId}</c>.</summary>
    private JsonObject CreateDeploymentConfig(JsonObject input)
    {
        if (Object(input, "minimumHealthyHosts") is not null && String(input, "computePlatform") == "Lambda")
            throw new CodeDeployFault("InvalidMinimumHealthyHostValueException", "A deployment configuration of the Lambda compute platform has no minimum healthy hosts.");
        var routing = Object(input, "trafficRoutingConfig");
        var type = routing is null ? null : String(routing, "type");
        var shape = routing is null ? null : Object(routing, type == "TimeBasedLinear" ? "timeBasedLinear" : "timeBasedCanary");
        var (percentage, interval) = type switch
        {
            "TimeBasedCanary" when shape is not null => (Integer(shape, "canaryPercentage"), Integer(shape, "canaryInterval")),
            "TimeBasedLinear" when shape is not null => (Integer(shape, "linearPercentage"), Integer(shape, "linearInterval")),
            _ => ((int?)null, (int?)null),
        };
        var id = world.CreateConfig(String(input, "deploymentConfigName"), String(input, "computePlatform"), type, percentage, interval);
        return new JsonObject { ["deploymentConfigId"] = id };
    }
}
