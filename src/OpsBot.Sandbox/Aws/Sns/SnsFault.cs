using System.Net;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>An SNS error, answered in awsQuery's XML <c>ErrorResponse</c> with the model's error code (<c>NotFound</c>, <c>InvalidParameter</c>, ...).</summary>
internal sealed class SnsFault(HttpStatusCode status, string code, string message) : Exception(message)
{
    public const string Namespace = "http://sns.amazonaws.com/doc/2010-03-31/";

    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    public IResult ToResult(AwsCall call) => AwsResults.QueryError(call, Status, Namespace, Code, Message);

    /// <summary>InvalidParameterException: "Invalid parameter: …".</summary>
    public static SnsFault InvalidParameter(string what) => new(HttpStatusCode.BadRequest, "InvalidParameter", $"Invalid parameter: {what}");

    /// <summary>InvalidParameterValueException (code ParameterValueInvalid): a message attribute that is not right.</summary>
    public static SnsFault InvalidValue(string message) => new(HttpStatusCode.BadRequest, "ParameterValueInvalid", message);

    public static SnsFault TopicNotFound() => new(HttpStatusCode.NotFound, "NotFound", "Topic does not exist");
}
