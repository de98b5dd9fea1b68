using System.Net;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Aws.Lambda;

/// <summary>A Lambda error as AWS answers it: status, the model's error code and its message.</summary>
internal sealed class LambdaFault(HttpStatusCode status, string code, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    /// <summary>The answer in restJson1's shape; the model spells the message member <c>Message</c> on some errors and <c>message</c> on others.</summary>
    public IResult ToResult(AwsCall call) =>
        AwsResults.RestError(call, Status, Code, Message, messageKey: Code is "ResourceNotFoundException" or "ServiceException" ? "Message" : "message");

    public static LambdaFault FunctionNotFound(string arn) =>
        new(HttpStatusCode.NotFound, "ResourceNotFoundException", $"Function not found: {arn}");

    public static LambdaFault AliasNotFound(string aliasArn) =>
        new(HttpStatusCode.NotFound, "ResourceNotFoundException", $"Alias not found: {aliasArn}");

    public static LambdaFault InvalidParameter(string message) =>
        new(HttpStatusCode.BadRequest, "InvalidParameterValueException", message);

    /// <summary>A version that is neither <c>$LATEST</c> nor a number.</summary>
    public static LambdaFault InvalidVersion(string version) => InvalidParameter(
        $"1 validation error detected: Value '{version}' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\$LATEST|[0-9]+)");

    /// <summary>A body that is not the JSON the operation takes.</summary>
    public static LambdaFault InvalidContent(string message) =>
        new(HttpStatusCode.BadRequest, "InvalidRequestContentException", message);

    public static LambdaFault StaleRevision(string api) =>
        new(HttpStatusCode.PreconditionFailed, "PreconditionFailedException",
            $"The Revision Id provided does not match the latest Revision Id. Call the {api} API to retrieve the latest Revision Id");

    public static LambdaFault UpdateInProgress(string arn) =>
        new(HttpStatusCode.Conflict, "ResourceConflictException",
            $"The operation cannot be performed at this time. An update is in progress for resource: {arn}");
}
