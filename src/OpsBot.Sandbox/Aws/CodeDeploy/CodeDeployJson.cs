using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>CodeDeploy's answer shapes (botocore codedeploy 2014-10-06): camelCase members, timestamps in epoch seconds.</summary>
internal static class CodeDeployJson
{
    public static JsonObject Deployment(CodeDeployDeployment d, CodeDeployDeployment? previous)
    {
        var json = new JsonObject
        {
            ["applicationName"] = d.Application,
            ["deploymentGroupName"] = d.Group,
            ["deploymentConfigName"] = d.Config.Name,
            ["deploymentId"] = d.Id,
        };
        if (previous is not null)
            json["previousRevision"] = Revision(previous);
        json["revision"] = Revision(d);
        json["status"] = d.Status;
        if (d.Error is { } error)
            json["errorInformation"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message };
        json["createTime"] = AwsResults.Epoch(d.CreateTime);
        if (d.StartTime is { } start)
            json["startTime"] = AwsResults.Epoch(start);
        if (d.CompleteTime is { } complete)
            json["completeTime"] = AwsResults.Epoch(complete);
        json["deploymentOverview"] = Overview(d.Status);
        if (d.Description is not null)
            json["description"] = d.Description;
        json["creator"] = d.Creator;
        json["ignoreApplicationStopFailures"] = false;
        json["autoRollbackConfiguration"] = AutoRollback(d.AutoRollback);
        json["updateOutdatedInstancesOnly"] = false;
        if (d.Rollback is { } rollback)
        {
            var info = new JsonObject();
            if (rollback.RollbackDeploymentId is { } by)
                info["rollbackDeploymentId"] = by;
            if (rollback.RollbackTriggeringDeploymentId is { } of)
                info["rollbackTriggeringDeploymentId"] = of;
            info["rollbackMessage"] = rollback.Message;
            json["rollbackInfo"] = info;
        }
        json["deploymentStyle"] = Style();
        json["instanceTerminationWaitTimeStarted"] = false;
        json["deploymentStatusMessages"] = new JsonArray();
        json["computePlatform"] = "Lambda";
        return json;
    }

    public static JsonObject Group(CodeDeployGroupView view)
    {
        var group = view.Group;
        var json = new JsonObject
        {
            ["applicationName"] = group.Application,
            ["deploymentGroupId"] = group.Id,
            ["deploymentGroupName"] = group.Name,
            ["deploymentConfigName"] = group.DeploymentConfigName,
            ["ec2TagFilters"] = new JsonArray(),
            ["onPremisesInstanceTagFilters"] = new JsonArray(),
            ["autoScalingGroups"] = new JsonArray(),
            ["serviceRoleArn"] = group.ServiceRoleArn,
            ["triggerConfigurations"] = new JsonArray(),
            // Listed but not enabled: the sandbox's CodeDeploy does not watch alarms (OpsBot watches health itself).
            ["alarmConfiguration"] = new JsonObject
            {
                ["enabled"] = false,
                ["ignorePollAlarmFailure"] = false,
                ["alarms"] = new JsonArray([.. group.Alarms.Select(a => (JsonNode)new JsonObject { ["name"] = a })]),
            },
            ["autoRollbackConfiguration"] = AutoRollback(group.AutoRollback),
            ["deploymentStyle"] = Style(),
            ["outdatedInstancesStrategy"] = "UPDATE",
        };
        if (view.LastSuccessful is { } succeeded)
        {
            json["targetRevision"] = Revision(succeeded);
            json["lastSuccessfulDeployment"] = Last(succeeded);
        }
        if (view.LastAttempted is { } attempted)
            json["lastAttemptedDeployment"] = Last(attempted);
        json["computePlatform"] = "Lambda";
        return json;
    }

    public static JsonObject Config(LambdaDeploymentConfig config)
    {
        var routing = new JsonObject { ["type"] = config.Type };
        if (config.Type == LambdaDeploymentConfig.Canary)
            routing["timeBasedCanary"] = new JsonObject { ["canaryPercentage"] = config.Percentage, ["canaryInterval"] = config.IntervalMinutes };
        else if (config.Type == LambdaDeploymentConfig.Linear)
            routing["timeBasedLinear"] = new JsonObject { ["linearPercentage"] = config.Percentage, ["linearInterval"] = config.IntervalMinutes };
        return new JsonObject
        {
            ["deploymentConfigId"] = config.Id,
            ["deploymentConfigName"] = config.Name,
            ["createTime"] = AwsResults.Epoch(config.CreateTime),
            ["computePlatform"] = "Lambda",
            ["trafficRoutingConfig"] = routing,
        };
    }

    private static JsonObject Revision(CodeDeployDeployment d)
    {
        var content = new JsonObject { ["content"] = d.Content, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(d.Content))) };
        return d.RevisionType == "String"
            ? new JsonObject { ["revisionType"] = "String", ["string"] = content }
            : new JsonObject { ["revisionType"] = "AppSpecContent", ["appSpecContent"] = content };
    }

    /// <summary>A Lambda deployment has one target: the alias.</summary>
    private static JsonObject Overview(string status) => new()
    {
        ["Pending"] = status == CodeDeployDeployment.Created ? 1 : 0,
        ["InProgress"] = status == CodeDeployDeployment.InProgress ? 1 : 0,
        ["Succeeded"] = status == CodeDeployDeployment.Succeeded ? 1 : 0,
        ["Failed"] = status is CodeDeployDeployment.Failed or CodeDeployDeployment.Stopped ? 1 : 0,
        ["Skipped"] = 0,
        ["Ready"] = 0,
    };

    private static JsonObject AutoRollback(AutoRollbackSetting setting) => new()
    {
        ["enabled"] = setting.Enabled,
        ["events"] = new JsonArray([.. setting.Events.Select(e => (JsonNode)JsonValue.Create(e))]),
    };

    private static JsonObject Style() => new() { ["deploymentType"] = "BLUE_GREEN", ["deploymentOption"] = "WITH_TRAFFIC_CONTROL" };

    private static JsonObject Last(CodeDeployDeployment d)
    {
        var json = new JsonObject { ["deploymentId"] = d.Id, ["status"] = d.Status };
        if (d.CompleteTime is { } end)
            json["endTime"] = AwsResults.Epoch(end);
        json["createTime"] = AwsResults.Epoch(d.CreateTime);
        return json;
    }
}
