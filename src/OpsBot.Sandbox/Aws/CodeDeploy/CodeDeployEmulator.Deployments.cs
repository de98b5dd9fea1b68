using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.CodeDeploy;

internal sealed partial class CodeDeployEmulator
{
    /// <summary>CreateDeployment → <c>{deploymentId}</c>.</summary>
    private JsonObject CreateDeployment(JsonObject input)
    {
        var revision = Object(input, "revision");
        var type = revision is null ? null : String(revision, "revisionType");
        var inline = revision is null ? null : Object(revision, type == "String" ? "string" : "appSpecContent");
        var rollback = Object(input, "autoRollbackConfiguration");
        var request = new CreateDeploymentRequest(
            String(input, "applicationName"),
            String(input, "deploymentGroupName"),
            type,
            inline is null ? null : String(inline, "content"),
            inline is null ? null : String(inline, "sha256"),
            String(input, "deploymentConfigName"),
            String(input, "description"),
            rollback is null ? null : new AutoRollbackSetting(Boolean(rollback, "enabled") ?? false, Strings(rollback, "events") ?? []));
        if (request.AutoRollback?.Events.FirstOrDefault(e => e is not (AutoRollbackSetting.OnFailure or AutoRollbackSetting.OnStopRequest or AutoRollbackSetting.OnAlarm)) is { } unknown)
            throw new CodeDeployFault("InvalidAutoRollbackConfigException", $"Auto rollback event {unknown} is not valid.");
        return new JsonObject { ["deploymentId"] = world.Create(request).Id };
    }

    /// <summary>GetDeployment → <c>{deploymentInfo}</c>.</summary>
    private JsonObject GetDeployment(JsonObject input)
    {
        var deployment = world.Get(String(input, "deploymentId"));
        return new JsonObject { ["deploymentInfo"] = CodeDeployJson.Deployment(deployment, world.PreviousSuccessful(deployment)) };
    }

    /// <summary>StopDeployment → <c>{status, statusMessage}</c>.</summary>
    private JsonObject StopDeployment(JsonObject input)
    {
        var (status, message) = world.Stop(String(input, "deploymentId"), Boolean(input, "autoRollbackEnabled"));
        return new JsonObject { ["status"] = status, ["statusMessage"] = message };
    }

    /// <summary>ListDeployments → <c>{deployments, nextToken?}</c>.</summary>
    private JsonObject ListDeployments(JsonObject input)
    {
        if (String(input, "externalId") is not null)
            throw new CodeDeployFault("InvalidExternalIdException", "The sandbox's deployments have no external ids.");
        var range = Object(input, "createTimeRange");
        var (ids, next) = world.List(new ListDeploymentsRequest(
            String(input, "applicationName"),
            String(input, "deploymentGroupName"),
            Strings(input, "includeOnlyStatuses"),
            range is null ? null : Time(range, "start"),
            range is null ? null : Time(range, "end"),
            String(input, "nextToken")));
        var output = new JsonObject { ["deployments"] = new JsonArray([.. ids.Select(i => (JsonNode)JsonValue.Create(i))]) };
        if (next is not null)
            output["nextToken"] = next;
        return output;
    }
}
