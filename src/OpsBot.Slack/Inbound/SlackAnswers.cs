using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OpsBot.Slack.Inbound;

/// <summary>The HTTP answers the endpoints give Slack.</summary>
internal static class SlackAnswers
{
    /// <summary>200 with no body: Slack shows nothing, and the real answer follows through the response_url.</summary>
    public static Ok Ack() => TypedResults.Ok();

    /// <summary>200 with a message only the person who typed the command sees.</summary>
    public static ContentHttpResult Ephemeral(string mrkdwn) =>
        TypedResults.Text(new JsonObject { ["response_type"] = "ephemeral", ["text"] = mrkdwn }.ToJsonString(), "application/json; charset=utf-8");

    /// <summary>400 for a request that is signed but not shaped like Slack's: says what is missing.</summary>
    public static ContentHttpResult BadRequest(string problem) => TypedResults.Text(problem, statusCode: StatusCodes.Status400BadRequest);

    public static ContentHttpResult NotFound() => TypedResults.Text("Slack is not configured on this OpsBot.", statusCode: StatusCodes.Status404NotFound);
}
