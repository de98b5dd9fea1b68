using System.Text.Json.Nodes;

namespace OpsBot.Aws.Tests.AppConfig;

/// <summary>JSON compared as data: member order and whitespace do not matter, values and their types do.</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"Expected JSON\n{e?.ToJsonString()}\nbut got\n{a?.ToJsonString()}");
    }
}
