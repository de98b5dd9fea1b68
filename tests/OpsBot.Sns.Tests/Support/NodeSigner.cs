using System.Text.Json.Nodes;
using OpsBot.Testing;

namespace OpsBot.Sns.Tests.Support;

/// <summary>
/// Signs messages with <c>Support/sign-sns.mjs</c>: Node's crypto and its own string to sign, an implementation
/// independent of the verifier under test. One Node process per call, however many messages.
/// </summary>
internal static class NodeSigner
{
    public static async Task<JsonObject[]> SignAsync(TestSigningKey key, params JsonObject[] messages)
    {
        var input = new JsonObject { ["privateKey"] = key.PrivateKeyPem, ["messages"] = new JsonArray([.. messages.Select(m => m.DeepClone())]) };
        var folder = NodeScripts.Folder("tests", "OpsBot.Sns.Tests", "Support");
        var result = await NodeScripts.ExecAsync(folder, "node", ["sign-sns.mjs"], TimeSpan.FromSeconds(60), input.ToJsonString());
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"sign-sns.mjs failed: {result}");
        return [.. JsonNode.Parse(result.Stdout)!.AsArray().Select(m => m!.AsObject())];
    }

    public static async Task<JsonObject> SignAsync(TestSigningKey key, JsonObject message) => (await SignAsync(key, [message]))[0];
}
