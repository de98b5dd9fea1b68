using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Runner;

public sealed class RetentionPurgerTests
{
    [Fact]
    public async Task The_runner_purges_after_a_poll_at_most_hourly_by_the_configured_retentions()
    {
        await using var h = OpsBotHarness.Create(o =>
        {
            o.Storage.Retention = TimeSpan.FromDays(2);
            o.Storage.AuditRetention = TimeSpan.FromDays(3);
        });
        var keys = h.Services.GetRequiredService<IIdempotencyStore>();
        var start = h.Time.GetUtcNow();
        await keys.ClaimAsync("trigger:old", start, default);
        await h.Audit.AppendAsync(new AuditEntry(start, Alice.Identity, "deploy.status", "prod", null, null, AuditOutcome.Succeeded, "old"), default);
        await h.PollAsync(TimeSpan.Zero); // the first poll purges (nothing is old yet)

        await h.PollAsync(TimeSpan.FromDays(2).Add(TimeSpan.FromMinutes(1)));
        Assert.True((await keys.ClaimAsync("trigger:old", h.Time.GetUtcNow(), default)).IsFirst);
        Assert.Single(await h.Audit.QueryAsync(new AuditQuery(Actor: Alice.Identity), default)); // audit keeps its own, longer retention

        await h.PollAsync(TimeSpan.FromDays(1));
        Assert.Empty(await h.Audit.QueryAsync(new AuditQuery(Actor: Alice.Identity), default));

        // Within the hour after a purge, polls do not purge again.
        await keys.ClaimAsync("trigger:stale", h.Time.GetUtcNow().AddDays(-3), default);
        await h.PollAsync(TimeSpan.FromMinutes(59));
        Assert.False((await keys.ClaimAsync("trigger:stale", h.Time.GetUtcNow(), default)).IsFirst);
        await h.PollAsync(TimeSpan.FromMinutes(1));
        Assert.True((await keys.ClaimAsync("trigger:stale", h.Time.GetUtcNow(), default)).IsFirst);
    }
}
