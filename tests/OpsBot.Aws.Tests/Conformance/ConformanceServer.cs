using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>The tests that share one <see cref="ConformanceServer"/>; they run one after another.</summary>
[CollectionDefinition(ConformanceServer.Collection)]
public sealed class ConformanceCollection : ICollectionFixture<ConformanceServer>;

/// <summary>
/// <c>tests/conformance/server.mjs</c> as a fixture: installs its node packages from the lock file if they are missing,
/// starts it on 127.0.0.1, and lets a test run an operation with the official AWS SDK for JavaScript v3, capture what
/// OpsBot sends, and verify SigV4 signatures with the official signer. The process ends with the fixture.
/// </summary>
public sealed class ConformanceServer : IAsyncLifetime
{
    public const string Collection = "conformance";
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly StringBuilder _stderr = new();
    private readonly HttpClient _awsHttp = new();
    private Process? _node;
    private HttpClient? _control;

    /// <summary>The capture endpoint, <c>http://127.0.0.1:port</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public static string Directory => Path.Combine(RepoRoot.Find(), "tests", "conformance");

    public async Task InitializeAsync()
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules")))
            await RunNpmCiAsync();

        var start = new ProcessStartInfo("node", "server.mjs")
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        _node = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        _node.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        _node.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(StartTimeout);
        string? first;
        try
        {
            first = await _node.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"server.mjs printed no port within {StartTimeout.TotalSeconds} s. stderr:\n{Stderr}");
        }
        if (first is null)
            throw new InvalidOperationException($"server.mjs ended before printing its port. stderr:\n{Stderr}");
        _ = _node.StandardOutput.ReadToEndAsync(); // keep the pipe drained
        var port = JsonNode.Parse(first)!["port"]!.GetValue<int>();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _control = new HttpClient { BaseAddress = new Uri(Endpoint, "/__control/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _control?.Dispose();
        _awsHttp.Dispose();
        if (_node is null)
            return;
        try
        {
            _node.StandardInput.Close(); // server.mjs exits when its stdin ends
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _node.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            if (!_node.HasExited)
                _node.Kill(entireProcessTree: true);
        }
        _node.Dispose();
    }

    /// <summary>Runs <paramref name="operation"/> with the official SDK client of <paramref name="service"/> (lambda,
    /// codedeploy, cloudwatch, appconfig, sns) on <paramref name="inputJson"/>, answering it with <paramref name="response"/>.</summary>
    public async Task<SdkResult> SdkAsync(string service, string operation, string inputJson, CannedResponse? response = null)
    {
        var body = new JsonObject
        {
            ["service"] = service,
            ["operation"] = operation,
            ["input"] = JsonNode.Parse(inputJson),
            ["response"] = response is null ? null : JsonSerializer.SerializeToNode(response, Json),
        };
        return await PostAsync<SdkResult>("sdk", body);
    }

    /// <summary>The official signer's verdict on <paramref name="captured"/>'s signature.</summary>
    public Task<VerifyResult> VerifyAsync(CapturedRequest captured) => PostAsync<VerifyResult>("verify", new
    {
        method = captured.Method,
        path = captured.Path,
        query = captured.Query,
        headers = captured.Headers,
        bodyBase64 = captured.BodyBase64,
    });

    /// <summary>Checks <paramref name="captured"/> against <paramref name="operation"/> in <c>tests/conformance/models/</c>
    /// (<paramref name="service"/>: lambda, codedeploy, cloudwatch, appconfig, sns).</summary>
    public Task<ModelCheckResult> ModelCheckAsync(string service, string operation, CapturedRequest captured) => PostAsync<ModelCheckResult>("model-check", new
    {
        service,
        operation,
        request = new
        {
            method = captured.Method,
            path = captured.Path,
            query = captured.Query,
            headers = captured.Headers,
            bodyBase64 = captured.BodyBase64,
        },
    });

    /// <summary>The last request the capture endpoint received.</summary>
    public Task<CapturedRequest> LastAsync() => PostAsync<CapturedRequest>("last", new { });

    /// <summary>Queues the answer to the next captured request (200 "{}" or an awsQuery response when none is queued).</summary>
    public Task QueueAsync(CannedResponse response) => PostAsync<JsonObject>("queue", response);

    /// <summary>Forgets captured requests and queued answers.</summary>
    public Task ClearAsync() => PostAsync<JsonObject>("clear", new { });

    /// <summary>An <see cref="AwsTransport"/> that sends every service to the capture endpoint, with the suite's
    /// credentials, region us-east-1 and a single attempt.</summary>
    internal AwsTransport Transport(Action<AwsOptions>? configure = null)
    {
        var options = new AwsOptions
        {
            Region = Region,
            ServiceUrl = Endpoint.ToString(),
            AccessKeyId = AccessKey,
            SecretAccessKey = SecretKey,
            MaxAttempts = 1,
        };
        configure?.Invoke(options);
        return new AwsTransport(_awsHttp, new AwsEnvironment(Options.Create(options)), Options.Create(options), TimeProvider.System,
            NullLogger<AwsTransport>.Instance);
    }

    private string Stderr
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    private async Task<T> PostAsync<T>(string path, object body)
    {
        var control = _control ?? throw new InvalidOperationException("the conformance server is not started");
        using var response = await control.PostAsJsonAsync(path, body, Json);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"/__control/{path} answered {(int)response.StatusCode}: {text}\nserver stderr:\n{Stderr}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    private static async Task RunNpmCiAsync()
    {
        var start = new ProcessStartInfo("npm", "ci --no-audit --no-fund")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("could not start npm");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(InstallTimeout);
        try
        {
            await npm.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"npm ci in {Directory} did not finish within {InstallTimeout.TotalMinutes} min");
        }
        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"npm ci in {Directory} failed ({npm.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}
