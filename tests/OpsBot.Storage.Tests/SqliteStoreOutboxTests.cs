using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Storage.Tests;

public sealed class SqliteStoreOutboxTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestDatabase _db = new();
    private readonly SqliteStore _store;

    public SqliteStoreOutboxTests() => _store = _db.OpenStore();

    private IOutboxStore Outbox => _store;

    private DateTimeOffset Now => _db.Time.GetUtcNow();

    public void Dispose() => _db.Dispose();

    private async Task<Deployment> CreateWithNoticesAsync(string id, params Notice[] notices)
    {
        var d = TestDeployments.New(id, function: id);
        var changes = new DeploymentChanges();
        changes.Notices.AddRange(notices);
        await _store.CreateAsync(d, changes, None);
        return d;
    }

    [Fact]
    public async Task Committed_notices_are_pending_in_commit_order_from_the_commit_time()
    {
        await CreateWithNoticesAsync("dep-1", new Notice(NoticeKind.Card, "card"), new Notice(NoticeKind.Timeline, "line"),
            new Notice(NoticeKind.Page, "page", "OpsBot prod: paged"));

        Assert.Empty(await Outbox.PendingAsync(Now.AddMilliseconds(-1), 10, None));
        var pending = await Outbox.PendingAsync(Now, 10, None);

        Assert.Equal([NoticeKind.Card, NoticeKind.Timeline, NoticeKind.Page], pending.Select(m => m.Kind));
        Assert.Equal(["card", "line", "page"], pending.Select(m => m.Text));
        Assert.Equal([null, null, "OpsBot prod: paged"], pending.Select(m => m.Subject));
        Assert.All(pending, m => Assert.Equal(EntityRef.Deployment("dep-1"), m.Entity));
        Assert.All(pending, m => Assert.Equal(Now, m.CreatedAt));
        Assert.All(pending, m => Assert.Equal(0, m.Attempts));
        Assert.True(pending[0].Id < pending[1].Id && pending[1].Id < pending[2].Id);
    }

    [Fact]
    public async Task Pending_returns_at_most_the_limit_oldest_first()
    {
        await CreateWithNoticesAsync("dep-1", new Notice(NoticeKind.Timeline, "1"), new Notice(NoticeKind.Timeline, "2"));
        _db.Time.Advance(TimeSpan.FromSeconds(1));
        await CreateWithNoticesAsync("dep-2", new Notice(NoticeKind.Timeline, "3"));

        Assert.Equal(["1", "2"], (await Outbox.PendingAsync(Now, 2, None)).Select(m => m.Text));
    }

    [Fact]
    public async Task Sent_notices_are_no_longer_pending()
    {
        await CreateWithNoticesAsync("dep-1", new Notice(NoticeKind.Card, "a"), new Notice(NoticeKind.Card, "b"), new Notice(NoticeKind.Card, "c"));
        var pending = await Outbox.PendingAsync(Now, 10, None);

        await Outbox.MarkSentAsync([pending[0].Id, pending[2].Id], Now, None);
        await Outbox.MarkSentAsync([], Now, None);

        Assert.Equal(["b"], (await Outbox.PendingAsync(Now, 10, None)).Select(m => m.Text));
    }

    [Fact]
    public async Task A_notice_to_retry_waits_for_its_retry_time_and_counts_its_attempts()
    {
        await CreateWithNoticesAsync("dep-1", new Notice(NoticeKind.Timeline, "first"), new Notice(NoticeKind.Timeline, "second"));
        var first = (await Outbox.PendingAsync(Now, 10, None))[0];

        await Outbox.ScheduleRetryAsync(first.Id, "rate limited", Now.AddSeconds(2), None);

        Assert.Equal(["second"], (await Outbox.PendingAsync(Now, 10, None)).Select(m => m.Text));
        _db.Time.Advance(TimeSpan.FromSeconds(2));
        var retried = await Outbox.PendingAsync(Now, 10, None);
        Assert.Equal(["first", "second"], retried.Select(m => m.Text));
        Assert.Equal([1, 0], retried.Select(m => m.Attempts));

        await Outbox.ScheduleRetryAsync(first.Id, "rate limited again", Now.AddSeconds(4), None);
        _db.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(2, (await Outbox.PendingAsync(Now, 10, None))[0].Attempts);
        Assert.Equal("rate limited again", _db.Scalar($"SELECT last_error FROM outbox WHERE id = {first.Id}"));
    }

    [Fact]
    public async Task A_given_up_notice_is_no_longer_pending_and_is_counted_for_its_environment_and_function()
    {
        await CreateWithNoticesAsync("lambda_router", new Notice(NoticeKind.Card, "card"), new Notice(NoticeKind.Timeline, "line"));
        await CreateWithNoticesAsync("other", new Notice(NoticeKind.Timeline, "elsewhere"));
        var pending = await Outbox.PendingAsync(Now, 10, None);

        await Outbox.MarkFailedAsync(pending[0].Id, "Slack chat.postMessage failed: channel_not_found", 1, Now, None);
        _db.Time.Advance(TimeSpan.FromMinutes(1));
        await Outbox.MarkFailedAsync(pending[1].Id, "not tried", 0, Now, None);
        await Outbox.MarkFailedAsync(pending[1].Id, "given up twice", 0, Now, None); // already given up: unchanged

        Assert.Equal(["elsewhere"], (await Outbox.PendingAsync(Now.AddDays(1), 10, None)).Select(m => m.Text));
        var failed = await Outbox.FailedSinceAsync(Now.AddHours(-1), ["prod"], "lambda_router", None);
        Assert.Equal(new FailedNotices(2, new FailedNotice("lambda_router", NoticeKind.Timeline, Now, "not tried")), failed);
        Assert.Equal(0, (await Outbox.FailedSinceAsync(Now.AddHours(-1), ["prod"], "other", None)).Count);
        Assert.Equal(0, (await Outbox.FailedSinceAsync(Now.AddHours(-1), ["dev"], null, None)).Count);
        Assert.Equal(0, (await Outbox.FailedSinceAsync(Now.AddSeconds(1), ["prod"], null, None)).Count);
        Assert.Equal(DBNull.Value, _db.Scalar($"SELECT sent_at FROM outbox WHERE id = {pending[0].Id}"));
    }

    [Fact]
    public async Task The_chat_message_of_an_entity_is_saved_and_replaced_and_kept_apart_from_another_kinds()
    {
        var dep1 = EntityRef.Deployment("dep-1");
        Assert.Null(await Outbox.GetChatMessageAsync(dep1, None));

        await Outbox.SaveChatMessageAsync(dep1, new ChatMessageRef("slack", "C0DEPLOYS", "1700000000.000100"), None);
        Assert.Equal(new ChatMessageRef("slack", "C0DEPLOYS", "1700000000.000100"), await Outbox.GetChatMessageAsync(dep1, None));

        var replaced = new ChatMessageRef("teams", "19:abc@thread.tacv2", "msg-2", "thread-2");
        await Outbox.SaveChatMessageAsync(dep1, replaced, None);
        Assert.Equal(replaced, await Outbox.GetChatMessageAsync(dep1, None));
        Assert.Null(await Outbox.GetChatMessageAsync(EntityRef.Deployment("dep-2"), None));
        Assert.Null(await Outbox.GetChatMessageAsync(new EntityRef("flag-change", "dep-1"), None));
    }
}
