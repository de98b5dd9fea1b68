using System.Text.Json.Nodes;

namespace OpsBot.Aws.Tests.Http;

/// <summary>Compares JSON as data (member order and whitespace do not matter), with both documents in the failure message.</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, string actual)
    {
        var want = JsonNode.Parse(expected);
        var got = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(want, got), $"Expected JSON\n{want?.ToJsonString()}\nbut was\n{got?.ToJsonString()}");
    }
}
