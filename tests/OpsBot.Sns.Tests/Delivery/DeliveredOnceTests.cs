using System.Net;
using OpsBot.Core.Ports;
using OpsBot.Sns.Delivery;
using OpsBot.Sns.Tests.Support;

namespace OpsBot.Sns.Tests.Delivery;

/// <summary>A MessageId is acted on once, durably; a delivery whose handling failed is handled again when SNS retries.</summary>
public sealed class DeliveredOnceTests
{
    [Fact]
    public async Task A_replayed_MessageId_is_answered_200_and_reaches_the_intake_once()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());

        var first = await host.PostAsync(message);
        var again = await host.PostAsync(message);
        var reordered = await host.PostAsync(message.With("UnsubscribeURL", null).With("Signature", message["Signature"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("duplicate", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, reordered.StatusCode);
        Assert.Equal(1, host.Intake.Calls);
    }

    [Fact]
    public async Task A_MessageId_is_remembered_across_a_restart()
    {
        await using var before = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());
        Assert.Equal(HttpStatusCode.OK, (await before.PostAsync(message)).StatusCode);
        await before.App.StopAsync();

        await using var after = await SnsTestHost.StartAsync(restartOf: before);
        var replay = await after.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("duplicate", await replay.Content.ReadAsStringAsync());
        Assert.Equal(1, after.Intake.Calls);
    }

    [Fact]
    public async Task When_the_intake_throws_the_answer_is_500_and_SNS_s_redelivery_is_handled()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());
        host.Intake.FailNext(2);

        var first = await host.PostAsync(message);
        var second = await host.PostAsync(message);
        var third = await host.PostAsync(message);
        var fourth = await host.PostAsync(message);

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
        Assert.Equal(3, host.Intake.Calls);
        Assert.Single(host.Intake.Received);
    }

    [Fact]
    public async Task When_the_idempotency_store_cannot_claim_the_answer_is_500_and_the_intake_is_not_called()
    {
        var store = new FailingStore();
        await using var host = await SnsTestHost.StartAsync(store: inner => store.Over(inner));
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());
        store.FailClaims = true;

        var failed = await host.PostAsync(message);
        store.FailClaims = false;
        var retried = await host.PostAsync(message);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, host.Intake.Calls);
    }

    [Fact]
    public async Task A_delivery_handled_but_not_recorded_as_done_is_answered_200_the_intake_committed_it()
    {
        var store = new FailingStore();
        await using var host = await SnsTestHost.StartAsync(store: inner => store.Over(inner));
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());
        store.FailCompletions = true;

        var handled = await host.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, handled.StatusCode);
        Assert.Single(host.Intake.Received);
        // Known gap: the claim has no result, so should SNS still deliver the message again, the intake gets it again.
        store.FailCompletions = false;
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(message)).StatusCode);
        Assert.Equal(2, host.Intake.Calls);
    }

    [Fact]
    public async Task A_claim_that_was_never_completed_a_crash_mid_way_is_handled_by_the_next_delivery()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());
        var store = host.App.Services.GetService(typeof(IIdempotencyStore)) as IIdempotencyStore;
        await store!.ClaimAsync(SnsMessageOnce.Key(message["MessageId"]!.GetValue<string>()), SnsMessages.Now, CancellationToken.None);

        var response = await host.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Intake.Received);
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_message_reach_the_intake_once()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.Alarm());

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.PostAsync(message)));

        Assert.Equal(1, host.Intake.Calls);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(message)).StatusCode);
    }

    private sealed class FailingStore
    {
        public bool FailClaims { get; set; }

        public bool FailCompletions { get; set; }

        public IIdempotencyStore Over(IIdempotencyStore inner) => new Wrapper(this, inner);

        private sealed class Wrapper(FailingStore owner, IIdempotencyStore inner) : IIdempotencyStore
        {
            public Task<IdempotencyClaim> ClaimAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
                owner.FailClaims ? throw new IOException("disk I/O error") : inner.ClaimAsync(key, now, cancellationToken);

            public Task CompleteAsync(string key, string result, CancellationToken cancellationToken) =>
                owner.FailCompletions ? throw new IOException("disk I/O error") : inner.CompleteAsync(key, result, cancellationToken);
        }
    }
}
