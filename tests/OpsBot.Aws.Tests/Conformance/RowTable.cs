using System.Collections;
using System.Text.Json.Nodes;
using OpsBot.Aws.Http;
using Xunit.Abstractions;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>
/// One service's conformance rows as a table. A row is an operation: the input in the SDK's member names, the recorded
/// answer both sides get, OpsBot's call on the same input, and either what OpsBot must read from the answer (pairs of
/// an SDK output path and OpsBot's value) or the error code both sides must report. Running a row:
/// <list type="number">
/// <item>the official SDK sends it, then OpsBot's client sends it, each answered with the row's answer;</item>
/// <item>the two requests are the same on the wire (<see cref="WireComparison"/>);</item>
/// <item>the official signer accepts OpsBot's signature;</item>
/// <item>OpsBot's request (and, as a check of the check, the SDK's) agrees with the botocore model's operation;</item>
/// <item>OpsBot read the answer as the SDK did, or both report the same error code and HTTP status.</item>
/// </list>
/// </summary>
internal sealed class RowTable<TClient>(string service, Func<AwsTransport, TClient> client, WireOptions? wire = null) : IEnumerable<string>
{
    private readonly Dictionary<string, Func<ConformanceServer, ITestOutputHelper, Task>> _rows = new(StringComparer.Ordinal);

    /// <summary>The row names, for <c>[MemberData]</c>.</summary>
    public TheoryData<string> Names => new(_rows.Keys);

    /// <summary>A row the service answers with success; <paramref name="read"/> pairs SDK output paths
    /// (<c>"Items.0.Name"</c>) with what OpsBot read there.</summary>
    public void Add<T>(string row, string operation, string sdkInput, CannedResponse answer, Func<TClient, Task<T>> call,
        Func<T, (string SdkPath, object? OpsBot)[]> read) =>
        _rows.Add(row, async (server, output) =>
        {
            await server.ClearAsync();
            var sdk = await server.SdkAsync(service, operation, sdkInput, answer);
            Assert.True(sdk.Error is null, $"the SDK failed on the row's answer: {sdk.Error}");
            await server.QueueAsync(answer);
            var result = await call(client(server.Transport()));
            await AssertSameRequestAsync(server, output, operation, sdk.Request, await server.LastAsync());
            foreach (var (path, value) in read(result))
                SdkOutput.AssertRead(sdk.Output!, path, value);
        });

    /// <summary>A row the service answers with an error: the SDK and OpsBot both report <paramref name="code"/>.</summary>
    public void Add(string row, string operation, string sdkInput, CannedResponse answer, Func<TClient, Task> call, string code) =>
        _rows.Add(row, async (server, output) =>
        {
            await server.ClearAsync();
            var sdk = await server.SdkAsync(service, operation, sdkInput, answer);
            Assert.True(sdk.Error is not null, "the SDK accepted the row's error answer");
            await server.QueueAsync(answer);
            var error = await Assert.ThrowsAsync<AwsServiceException>(() => call(client(server.Transport())));
            await AssertSameRequestAsync(server, output, operation, sdk.Request, await server.LastAsync());
            Assert.Equal(code, sdk.Error.Code);
            Assert.Equal(code, error.Code);
            Assert.Equal(sdk.Error.StatusCode, (int?)error.Status);
        });

    public Task RunAsync(string row, ConformanceServer server, ITestOutputHelper output) => _rows[row](server, output);

    public IEnumerator<string> GetEnumerator() => _rows.Keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private async Task AssertSameRequestAsync(ConformanceServer server, ITestOutputHelper output, string operation, CapturedRequest sdk, CapturedRequest opsBot)
    {
        foreach (var note in WireComparison.AssertSame(sdk, opsBot, wire))
            output.WriteLine("note: " + note);

        var signature = await server.VerifyAsync(opsBot);
        Assert.True(signature.Valid, $"the official signer rejects OpsBot's signature: {signature}\n--- request:\n{opsBot}");

        var model = await server.ModelCheckAsync(service, operation, opsBot);
        Assert.True(model.Valid, $"OpsBot's request disagrees with the {service} model's {operation}: {model}\n--- request:\n{opsBot}");
        var sdkModel = await server.ModelCheckAsync(service, operation, sdk);
        Assert.True(sdkModel.Valid, $"the SDK's own request fails the model check (a gap in the check?): {sdkModel}\n--- request:\n{sdk}");
        output.WriteLine($"model check ({model.Protocol}): {string.Join("; ", model.Checked)}");
    }
}

/// <summary>Reads the SDK's parsed output (JSON: timestamps as ISO-8601 strings, blobs as base64) by path.</summary>
internal static class SdkOutput
{
    /// <summary>The node at a dotted path; a number indexes a list.</summary>
    public static JsonNode? At(JsonObject output, string path)
    {
        JsonNode? node = output;
        foreach (var part in path.Split('.'))
            node = node is JsonArray list && int.TryParse(part, out var i) ? (i < list.Count ? list[i] : null) : (node as JsonObject)?[part];
        return node;
    }

    /// <summary>OpsBot's value equals the SDK's at <paramref name="path"/>, compared by OpsBot's type; the SDK must have one.</summary>
    public static void AssertRead(JsonObject output, string path, object? opsBot)
    {
        var sdk = At(output, path);
        Assert.True(sdk is not null, $"the SDK's output has nothing at '{path}' (the row's answer should have it): {output.ToJsonString()}");
        AssertSame(sdk, opsBot, path);
    }

    private static void AssertSame(JsonNode sdk, object? opsBot, string path)
    {
        var because = $"'{path}': SDK {sdk.ToJsonString()}, OpsBot {opsBot}";
        switch (opsBot)
        {
            case null: Assert.Fail($"OpsBot read nothing at {because}"); break;
            case string s: Assert.True(sdk.GetValue<string>() == s, because); break;
            case bool b: Assert.True(sdk.GetValue<bool>() == b, because); break;
            case int or long: Assert.True(sdk.GetValue<long>() == Convert.ToInt64(opsBot, System.Globalization.CultureInfo.InvariantCulture), because); break;
            case double d: Assert.True(sdk.GetValue<double>().Equals(d), because); break;
            case DateTimeOffset t: Assert.True(DateTimeOffset.Parse(sdk.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) == t, because); break;
            case byte[] bytes: Assert.True(Convert.FromBase64String(sdk.GetValue<string>()).AsSpan().SequenceEqual(bytes), because); break;
            case IDictionary map:
                Assert.True(sdk is JsonObject o && o.Count == map.Count, because);
                foreach (DictionaryEntry entry in map)
                    AssertSame(sdk[(string)entry.Key]!, entry.Value, $"{path}.{entry.Key}");
                break;
            case IEnumerable items:
                var list = items.Cast<object?>().ToList();
                Assert.True(sdk is JsonArray array && array.Count == list.Count, because);
                for (var i = 0; i < list.Count; i++)
                    AssertSame(sdk[i]!, list[i], $"{path}.{i}");
                break;
            default: Assert.Fail($"no comparison for {opsBot.GetType().Name} at {because}"); break;
        }
    }
}
