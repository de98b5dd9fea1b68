using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.CodeDeploy;
using OpsBot.Sandbox.Aws.Lambda;
using OpsBot.Sandbox.Aws.Sns;
using OpsBot.Sandbox.Tests.Aws.Sns;

namespace OpsBot.Sandbox.Tests.Aws;

/// <summary>
/// An <see cref="AwsEmulatorServer"/> on 127.0.0.1 per test, on a <see cref="FakeTimeProvider"/> (the world moves only
/// when a test moves the clock and ticks), with its worlds at hand and helpers that send signed requests and read the
/// raw answers.
/// </summary>
public abstract class AwsEmulatorTestBase : IAsyncLifetime
{
    /// <summary>One CodeDeploy "minute" here.</summary>
    protected static readonly TimeSpan Minute = TimeSpan.FromSeconds(10);

    protected AwsEmulatorTestBase(DateTimeOffset? start = null)
    {
        Time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        Server = new AwsEmulatorServer(0, o =>
        {
            o.MinuteLength = Minute;
            SnsTesting.QuickDeliveries(o);
        }, Time);
    }

    protected FakeTimeProvider Time { get; }

    protected AwsEmulatorServer Server { get; }

    protected HttpClient Http { get; } = new();

    internal LambdaWorld Lambda => Server.Services.GetRequiredService<LambdaWorld>();

    internal CodeDeployWorld CodeDeploy => Server.Services.GetRequiredService<CodeDeployWorld>();

    protected SandboxPages Pages => Server.Services.GetRequiredService<SandboxPages>();

    protected string Account => "000000000000";

    public virtual async Task InitializeAsync()
    {
        await Server.StartAsync();
        // The background clockwork would tick on its own whenever the fake clock passes a second, racing the test's
        // own TickAll; the tests drive every tick themselves.
        await Server.Services.GetRequiredService<SandboxClockwork>().StopAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Runs every ticker now, as the clockwork does each second.</summary>
    protected void Tick() => Server.Services.GetRequiredService<SandboxClockwork>().TickAll();

    /// <summary>Moves the clock on by <paramref name="by"/> and ticks.</summary>
    protected void Advance(TimeSpan by)
    {
        Time.Advance(by);
        Tick();
    }

    protected string FunctionArn(string function) => $"arn:aws:lambda:us-east-1:{Account}:function:{function}";

    /// <summary>A restJson1 call to Lambda.</summary>
    protected Task<Answer> LambdaAsync(HttpMethod method, string pathAndQuery, string? body = null, string secret = "test") =>
        SendAsync(SignedRequest.Create(Server.BaseUrl, "lambda", method, pathAndQuery, body, body is null ? null : "application/json", Time.GetUtcNow(), secret));

    /// <summary>An awsJson1_1 call to CodeDeploy.</summary>
    protected Task<Answer> CodeDeployAsync(string operation, object body) =>
        SendAsync(SignedRequest.Create(Server.BaseUrl, "codedeploy", HttpMethod.Post, "/", body as string ?? System.Text.Json.JsonSerializer.Serialize(body),
            "application/x-amz-json-1.1", Time.GetUtcNow(), target: $"CodeDeploy_20141006.{operation}"));

    /// <summary>An awsQuery call to SNS.</summary>
    protected Task<Answer> SnsAsync(IEnumerable<KeyValuePair<string, string>> form)
    {
        var body = string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return SendAsync(SignedRequest.Create(Server.BaseUrl, "sns", HttpMethod.Post, "/", body, "application/x-www-form-urlencoded; charset=utf-8", Time.GetUtcNow()));
    }

    private async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Http.SendAsync(request);
            var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            return new Answer(response.StatusCode, headers, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>A raw answer: status, headers (case-insensitive) and body.</summary>
    protected sealed record Answer(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

        public XElement Xml => XElement.Parse(Body);

        public string? Header(string name) => Headers.GetValueOrDefault(name);

        public override string ToString() => $"{(int)Status} {Body}";
    }
}
