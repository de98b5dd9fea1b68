using System.Net;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// A refusal in CloudWatch's words: the modelled exception (<c>__type</c> of the JSON body) and the awsQuery error code
/// that CloudWatch, being query-compatible, also sends in <c>x-amzn-query-error</c> and that SDKs report.
/// </summary>
internal sealed class CloudWatchException(HttpStatusCode status, string type, string queryCode, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Type { get; } = type;

    public string QueryCode { get; } = queryCode;

    public static CloudWatchException InvalidParameterValue(string message) =>
        new(HttpStatusCode.BadRequest, "InvalidParameterValueException", "InvalidParameterValue", message);

    public static CloudWatchException InvalidParameterCombination(string message) =>
        new(HttpStatusCode.BadRequest, "InvalidParameterCombinationException", "InvalidParameterCombination", message);

    public static CloudWatchException MissingParameter(string parameter) =>
        new(HttpStatusCode.BadRequest, "MissingRequiredParameterException", "MissingParameter", $"The parameter {parameter} is required.");

    public static CloudWatchException InvalidNextToken() =>
        new(HttpStatusCode.BadRequest, "InvalidNextToken", "InvalidNextToken", "The service cannot process the request because the NextToken is invalid or expired.");

    public static CloudWatchException Serialization(string message) =>
        new(HttpStatusCode.BadRequest, "SerializationException", "SerializationException", message);
}
