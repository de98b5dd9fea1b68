using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.Tests.Http;

/// <summary>An <see cref="AwsTransport"/> over a <see cref="RecordingHandler"/>, with the SigV4 suite's example credentials.</summary>
internal static class TestAws
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public static readonly AwsScope Scope = new("us-east-1");

    /// <summary>Lambda's GetAlias of lambda_router's <c>live</c>: a call with no body.</summary>
    public static AwsRequest GetAlias() => new()
    {
        Service = AwsService.Lambda,
        Operation = "GetAlias",
        Scope = Scope,
        Method = HttpMethod.Get,
        Path = "/2015-03-31/functions/lambda_router/aliases/live",
    };

    public static AwsTransport Transport(RecordingHandler handler, TimeProvider? time = null, Action<AwsOptions>? configure = null,
        TimeProvider? attemptClock = null)
    {
        var options = new AwsOptions
        {
            Region = "us-east-1",
            AccessKeyId = AccessKey,
            SecretAccessKey = SecretKey,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            // The per-attempt timeout runs on the wall clock unless a test passes an attempt clock of its own; tests of
            // the timeout do, and set their own.
            Timeout = TimeSpan.FromHours(1),
        };
        configure?.Invoke(options);
        return new AwsTransport(new HttpClient(handler), new AwsEnvironment(Options.Create(options)), Options.Create(options),
            time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero)), NullLogger<AwsTransport>.Instance,
            attemptClock ?? TimeProvider.System);
    }

    /// <summary>
    /// Runs <paramref name="call"/> while moving the fake clock (and the attempt clock, when given) on, so that retry
    /// waits and attempt timeouts pass; returns how far the clock moved. The work runs on other threads and may take a
    /// while to reach its next wait (the first signing loads AWSSDK.Core), so the clocks go on until it is done or, as a
    /// safeguard, 30 s of real time have passed. The attempt clock moves only while an attempt is hanging in
    /// <paramref name="handler"/>: moved earlier, it could time an attempt out before it reached the handler at all
    /// (on a loaded machine), and the test would count one call too few.
    /// </summary>
    public static async Task<TimeSpan> AdvanceUntilDoneAsync(FakeTimeProvider time, Task call, FakeTimeProvider? attemptClock = null,
        RecordingHandler? handler = null)
    {
        var start = time.GetUtcNow();
        var safeguard = System.Diagnostics.Stopwatch.StartNew();
        while (!call.IsCompleted && safeguard.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Yield();
            if (call.IsCompleted)
                break;
            time.Advance(TimeSpan.FromMilliseconds(50));
            if (attemptClock is not null && (handler is null || handler.Hanging > 0))
                attemptClock.Advance(TimeSpan.FromMilliseconds(50));
        }
        await call;
        return time.GetUtcNow() - start;
    }
}
