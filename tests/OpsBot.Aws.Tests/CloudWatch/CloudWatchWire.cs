using System.Text.Json.Nodes;
using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.CloudWatch;

/// <summary>Reading CloudWatch JSON requests back and comparing bodies as JSON data.</summary>
internal static class CloudWatchWire
{
    public const string Host = "https://monitoring.us-east-1.amazonaws.com/";

    public static JsonObject Body(SentRequest sent) => JsonNode.Parse(sent.Text)!.AsObject();

    public static void AssertJsonRpc(SentRequest sent, string operation, string expectedBody)
    {
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal(Host, sent.Uri.ToString());
        Assert.Equal($"GraniteServiceVersion20100801.{operation}", sent.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.0", sent.Header("Content-Type"));
        Assert.Equal("true", sent.Header("x-amzn-query-mode"));
        var expected = JsonNode.Parse(expectedBody);
        var actual = JsonNode.Parse(sent.Text);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
    }

    /// <summary>The region a request went to, from its host (monitoring.REGION.amazonaws.com).</summary>
    public static string Region(SentRequest sent) => sent.Uri.Host.Split('.')[1];
}
