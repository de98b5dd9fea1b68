using System.Net;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>A CodeDeploy error: HTTP 400 with <c>{"__type": code, "message": ...}</c>, as every modelled CodeDeploy error is answered.</summary>
internal sealed class CodeDeployFault(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public IResult ToResult(AwsCall call) => AwsResults.JsonError(call, HttpStatusCode.BadRequest, Code, Message);

    public static CodeDeployFault Required(string member, string code) => new(code, $"{member} must be specified.");

    public static CodeDeployFault NoApplication(string name) => new("ApplicationDoesNotExistException", $"No application found for name: {name}");

    public static CodeDeployFault NoGroup(string name) => new("DeploymentGroupDoesNotExistException", $"No Deployment Group found for name: {name}");

    public static CodeDeployFault NoConfig(string name) => new("DeploymentConfigDoesNotExistException", $"No deployment configuration found for name: {name}");

    public static CodeDeployFault NoDeployment(string id) => new("DeploymentDoesNotExistException", $"The deployment {id} could not be found.");

    public static CodeDeployFault InvalidRevision(string why) => new("InvalidRevisionException", why);
}
