using OpsBot.Core.Health;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Tests.Health;

public sealed class ErrorDigestTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("[ERROR] 2026-12-03T10:15:02.123Z 8f14e45f-ceea-467f-a0e6-0b3f1c2d4e5a InfluxDBWriteError: write to bucket 'metrics' failed: timeout",
        "InfluxDBWriteError: write to bucket 'metrics' failed: timeout")]
    [InlineData("2026-12-03T10:15:02.123Z 8f14e45f-ceea-467f-a0e6-0b3f1c2d4e5a Task timed out after 30.00 seconds", "Task timed out after 30.00 seconds")]
    [InlineData("ERROR user 1234567 not found in shard 0f3a9b2c4d5e6f708192a3b4", "ERROR user <n> not found in shard <hex>")]
    [InlineData("lookup of 8f14e45f-ceea-467f-a0e6-0b3f1c2d4e5a failed", "lookup of <id> failed")]
    [InlineData("  [ERROR]   too    many   spaces  ", "too many spaces")]
    public void A_message_loses_what_differs_between_occurrences(string message, string expected) =>
        Assert.Equal(expected, ErrorDigest.Normalize(message));

    [Fact]
    public void A_long_message_is_cut() =>
        Assert.Equal(ErrorDigest.MaxMessage, ErrorDigest.Normalize(new string('x', 1000)).Length);

    [Fact]
    public void Groups_are_most_frequent_first_then_latest_and_counted()
    {
        LogLine Line(int minute, string message) => new(T0.AddMinutes(minute), message, null);
        var top = ErrorDigest.Top(
        [
            Line(1, "[ERROR] 2026-12-03T10:01:00Z 11111111-1111-1111-1111-111111111111 A"),
            Line(2, "[ERROR] 2026-12-03T10:02:00Z 22222222-2222-2222-2222-222222222222 A"),
            Line(3, "B"),
            Line(4, "C"),
        ], 2);
        Assert.Equal([("A", 2, T0.AddMinutes(2)), ("C", 1, T0.AddMinutes(4))], top.Select(g => (g.Message, g.Count, g.Last)));
    }
}
