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

    public static AwsTransport Transport(RecordingHandler handler, TimeProvider? time = null, Action<AwsOptions>? configure = null)
    {
        var options = new AwsOptions
        {
            Region = "us-east-1",
            AccessKeyId = AccessKey,
            SecretAccessKey = SecretKey,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            // AdvanceUntilDoneAsync moves the fake clock on while an attempt is still being signed or sent; on a busy
            // machine it passed the 15 s per-attempt timeout and a spurious Timeout attempt broke the attempt counts.
            Timeout = TimeSpan.FromHours(1),
        };
        configure?.Invoke(options);
        return new AwsTransport(new HttpClient(handler), new AwsEnvironment(Options.Create(options)), Options.Create(options),
            time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero)), NullLogger<AwsTransport>.Instance);
    }

    /// <summary>Runs <paramref name="call"/> while moving the fake clock on, so that retry waits pass; returns how far the clock moved.</summary>
    public static async Task<TimeSpan> AdvanceUntilDoneAsync(FakeTimeProvider time, Task call)
    {
        var start = time.GetUtcNow();
        for (var i = 0; i < 10_000 && !call.IsCompleted; i++)
        {
            await Task.Yield();
            if (!call.IsCompleted)
                time.Advance(TimeSpan.FromMilliseconds(50));
        }
        await call;
        return time.GetUtcNow() - start;
    }
}
