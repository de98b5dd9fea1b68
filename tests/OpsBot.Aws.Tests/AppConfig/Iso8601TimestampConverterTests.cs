using System.Text.Json;
using OpsBot.Aws.AppConfig;

namespace OpsBot.Aws.Tests.AppConfig;

public sealed class Iso8601TimestampConverterTests
{
    private sealed record Stamp(DateTimeOffset? At);

    [Theory]
    [InlineData("\"2026-11-27T08:00:00.123Z\"", 123)]
    [InlineData("\"2026-11-27T08:00:00Z\"", 0)]
    [InlineData("\"2026-11-27T08:00:00\"", 0)] // no offset: UTC, not the machine's zone
    [InlineData("\"2026-11-27T09:00:00+01:00\"", 0)]
    [InlineData("1795766400", 0)]
    public void Reads_iso8601_as_utc(string json, int milliseconds)
    {
        var stamp = JsonSerializer.Deserialize<Stamp>($$"""{"At":{{json}}}""", AppConfigJson.Options)!;
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 0, milliseconds, TimeSpan.Zero), stamp.At);
    }

    [Fact]
    public void Writes_iso8601_in_utc_and_leaves_out_nulls()
    {
        Assert.Equal("""{"At":"2026-11-27T08:00:00.500Z"}""",
            JsonSerializer.Serialize(new Stamp(new DateTimeOffset(2026, 11, 27, 9, 0, 0, 500, TimeSpan.FromHours(1))), AppConfigJson.Options));
        Assert.Equal("{}", JsonSerializer.Serialize(new Stamp(null), AppConfigJson.Options));
    }
}
