using OpsBot.Probes.Influx;

namespace OpsBot.Probes.Tests.Influx;

public sealed class InfluxRoundTripTests
{
    [Fact]
    public void The_point_is_line_protocol_with_a_fixed_tag_a_unique_field_and_no_timestamp()
    {
        Assert.Equal("opsbot_probe,probe=influxdb nonce=\"abc\"", InfluxRoundTrip.Line("opsbot_probe", "influxdb", "abc"));
    }

    [Fact]
    public void Measurement_and_tag_are_escaped_for_line_protocol()
    {
        Assert.Equal("my\\ probe\\,x,probe=a\\=b nonce=\"abc\"", InfluxRoundTrip.Line("my probe,x", "a=b", "abc"));
    }

    [Fact]
    public void Bucket_and_measurement_are_Flux_string_literals_that_cannot_break_out()
    {
        var flux = InfluxRoundTrip.Query("pro\"be${x}", "m\\", "abc");

        Assert.StartsWith("from(bucket: \"pro\\\"be\\${x}\")", flux, StringComparison.Ordinal);
        Assert.Contains("r._measurement == \"m\\\\\" and r._field == \"nonce\" and r._value == \"abc\"", flux, StringComparison.Ordinal);
        Assert.Contains("|> range(start: -5m)", flux, StringComparison.Ordinal);
    }
}
