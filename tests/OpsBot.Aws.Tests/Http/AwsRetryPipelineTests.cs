using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.Tests.Http;

/// <summary>The retry rules of <see cref="AwsTransport"/> (its <see cref="AwsRetryPipeline"/>), on fake clocks.</summary>
public sealed class AwsRetryPipelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_validation_error_is_not_retried()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.BadRequest,
            """{"Type":"User","message":"1 validation error detected"}""", headers: ("X-Amzn-ErrorType", "ValidationException"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => TestAws.Transport(handler).SendAsync(TestAws.GetAlias(), default));

        Assert.Single(handler.Sent);
        Assert.Equal("ValidationException", e.Code);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task With_one_attempt_a_5xx_is_not_tried_again()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.ServiceUnavailable, "");

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => TestAws.Transport(handler, configure: o => o.MaxAttempts = 1).SendAsync(TestAws.GetAlias(), default));

        Assert.Single(handler.Sent);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.Status);
    }

    // The fake clocks move on in steps while the work runs on other threads, so how far they moved can overshoot a wait
    // (never fall short of it): waits are measured between the attempts, and only bounds a step cannot cross are asserted.
    // The exact ceilings are pinned on Backoff itself.
    [Fact]
    public async Task A_retry_after_longer_than_the_longest_wait_is_capped()
    {
        var time = new FakeTimeProvider(Start);
        var at = new List<DateTimeOffset>();
        var handler = new RecordingHandler()
            .Answer(_ => Stamp(at, time, RecordingHandler.Respond(HttpStatusCode.ServiceUnavailable, "", "application/json", [("Retry-After", "600")])))
            .Answer(_ => Stamp(at, time, RecordingHandler.Json(HttpStatusCode.OK, """{"Name":"live"}""")));
        var call = TestAws.Transport(handler, time, o => o.RetryMaxDelay = TimeSpan.FromSeconds(2)).SendAsync(TestAws.GetAlias(), default);

        await TestAws.AdvanceUntilDoneAsync(time, call);

        Assert.Equal(2, at.Count);
        Assert.InRange(at[1] - at[0], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(599));
    }

    [Fact]
    public async Task A_retry_after_date_is_waited_for()
    {
        var time = new FakeTimeProvider(Start);
        var at = new List<DateTimeOffset>();
        var handler = new RecordingHandler()
            .Answer(_ => Stamp(at, time, RecordingHandler.Respond(HttpStatusCode.TooManyRequests, "", "application/json", [("Retry-After", time.GetUtcNow().AddSeconds(4).ToString("R"))])))
            .Answer(_ => Stamp(at, time, RecordingHandler.Json(HttpStatusCode.OK, """{"Name":"live"}""")));

        await TestAws.AdvanceUntilDoneAsync(time, TestAws.Transport(handler, time).SendAsync(TestAws.GetAlias(), default));

        Assert.Equal(2, at.Count);
        Assert.True(at[1] - at[0] >= TimeSpan.FromSeconds(4), $"waited {at[1] - at[0]}");
    }

    [Fact]
    public async Task Every_5xx_is_tried_again_until_the_attempts_run_out()
    {
        var time = new FakeTimeProvider(Start);
        var handler = new RecordingHandler().Answer(HttpStatusCode.InternalServerError, "");
        var call = TestAws.Transport(handler, time, o => o.MaxAttempts = 5).SendAsync(TestAws.GetAlias(), default);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => TestAws.AdvanceUntilDoneAsync(time, call));

        Assert.Equal(5, handler.Sent.Count);
        Assert.Equal(HttpStatusCode.InternalServerError, e.Status);
    }

    [Fact]
    public void Backoff_is_full_jitter_under_base_times_two_to_the_attempt_capped_by_the_longest_wait()
    {
        var o = new AwsOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(200), RetryMaxDelay = TimeSpan.FromSeconds(1) };
        var waits = Enumerable.Range(0, 500).Select(_ => AwsRetryPipeline.Backoff(2, null, o)).ToList();
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.Zero, TimeSpan.FromMilliseconds(400)));
        Assert.Contains(waits, w => w < TimeSpan.FromMilliseconds(200));
        Assert.Contains(waits, w => w > TimeSpan.FromMilliseconds(200));

        Assert.All(Enumerable.Range(0, 100).Select(_ => AwsRetryPipeline.Backoff(6, null, o)), w => Assert.InRange(w, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(1), AwsRetryPipeline.Backoff(1, TimeSpan.FromSeconds(30), o));
        Assert.Equal(TimeSpan.FromMilliseconds(300), AwsRetryPipeline.Backoff(1, TimeSpan.FromMilliseconds(300), o));
        // A Retry-After date already past is no instruction: the backoff applies.
        Assert.InRange(AwsRetryPipeline.Backoff(1, TimeSpan.FromSeconds(-5), o), TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Every_attempt_is_a_new_request_signed_at_its_own_time()
    {
        var time = new FakeTimeProvider(Start);
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.ServiceUnavailable, "", headers: ("Retry-After", "2"))
            .Answer(HttpStatusCode.ServiceUnavailable, "", headers: ("Retry-After", "2"))
            .Answer(HttpStatusCode.OK, """{"Name":"live"}""");

        await TestAws.AdvanceUntilDoneAsync(time, TestAws.Transport(handler, time).SendAsync(TestAws.GetAlias(), default));

        var sent = handler.Sent.ToList();
        Assert.Equal(3, sent.Count);
        Assert.Equal("20261127T080000Z", sent[0].Header("X-Amz-Date"));
        Assert.Equal(3, sent.Select(s => s.Header("X-Amz-Date")).Distinct().Count());
        Assert.Equal(3, sent.Select(s => s.Header("Authorization")).Distinct().Count());
    }

    [Fact]
    public async Task An_attempt_that_gets_no_answer_in_time_is_retried_then_reported_as_a_timeout()
    {
        var time = new FakeTimeProvider(Start);
        var attemptClock = new FakeTimeProvider(Start);
        var handler = new RecordingHandler().Hang();
        var call = TestAws.Transport(handler, time, o => { o.MaxAttempts = 2; o.Timeout = TimeSpan.FromSeconds(5); }, attemptClock)
            .SendAsync(TestAws.GetAlias(), default);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => TestAws.AdvanceUntilDoneAsync(time, call, attemptClock, handler));

        Assert.Equal(2, handler.Sent.Count);
        Assert.Equal("Timeout", e.Code);
        Assert.Null(e.Status);
        Assert.Equal("lambda GetAlias failed: Timeout: no answer within 5 s", e.Message);
    }

    [Fact]
    public async Task A_timed_out_attempt_is_followed_by_one_that_can_succeed()
    {
        var time = new FakeTimeProvider(Start);
        var attemptClock = new FakeTimeProvider(Start);
        var handler = new RecordingHandler().Hang().Answer(HttpStatusCode.OK, """{"Name":"live"}""");
        var call = TestAws.Transport(handler, time, o => o.Timeout = TimeSpan.FromSeconds(5), attemptClock).SendAsync(TestAws.GetAlias(), default);

        await TestAws.AdvanceUntilDoneAsync(time, call, attemptClock, handler);

        Assert.Equal(2, handler.Sent.Count);
        Assert.Equal(200, (await call).Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_callers_cancellation_ends_the_call_at_once_in_a_wait_or_in_an_attempt(bool inAttempt)
    {
        var time = new FakeTimeProvider(Start);
        var handler = inAttempt ? new RecordingHandler().Hang() : new RecordingHandler().Answer(HttpStatusCode.ServiceUnavailable, "", headers: ("Retry-After", "10"));
        using var cancel = new CancellationTokenSource();
        var call = TestAws.Transport(handler, time).SendAsync(TestAws.GetAlias(), cancel.Token);
        await SentAsync(handler);

        await cancel.CancelAsync();

        // Not an AwsServiceException (no Timeout), no further attempt, no wait.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(handler.Sent);
        Assert.Equal(Start, time.GetUtcNow());
    }

    private static HttpResponseMessage Stamp(List<DateTimeOffset> at, TimeProvider time, HttpResponseMessage response)
    {
        lock (at)
            at.Add(time.GetUtcNow());
        return response;
    }

    /// <summary>Until the first attempt has reached the handler (30 s of real time as a safeguard).</summary>
    private static async Task SentAsync(RecordingHandler handler)
    {
        var safeguard = System.Diagnostics.Stopwatch.StartNew();
        while (handler.Sent.IsEmpty && safeguard.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Yield();
    }
}
