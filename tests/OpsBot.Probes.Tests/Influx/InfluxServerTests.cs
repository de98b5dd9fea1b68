using OpsBot.Probes.Influx;

namespace OpsBot.Probes.Tests.Influx;

public sealed class InfluxServerTests
{
    private static readonly InfluxHealth Pass = new(200, "pass", "ready for queries and writes", null);
    private static readonly InfluxHealth NotFound = new(404, null, "404 page not found", null);

    [Theory]
    [InlineData("1.6.7~rc0", "InfluxDB 1.6.7~rc0 (1.x: ping only)")]
    [InlineData("1.8.10", "InfluxDB 1.8.10 (1.x: ping only)")]
    [InlineData("v2.7.4", "InfluxDB 2.7.4 (2.x)")]
    [InlineData("2.7.4", "InfluxDB 2.7.4 (2.x)")]
    [InlineData("3.0.1", "InfluxDB 3.0.1 (3.x: no Flux)")]
    public void The_version_header_names_the_generation(string version, string described)
    {
        Assert.Equal(described, InfluxServer.Classify(version, Pass).Describe());
    }

    [Fact]
    public void Without_a_version_a_404_on_health_is_a_1x_server()
    {
        Assert.Equal(InfluxGeneration.V1, InfluxServer.Classify("unknown", NotFound).Generation);
    }

    [Fact]
    public void Without_a_version_a_JSON_health_status_is_a_2x_server_and_its_version_is_taken_from_there()
    {
        var server = InfluxServer.Classify(null, new InfluxHealth(503, "fail", "down", "v2.6.1"));

        Assert.Equal(new InfluxServer("2.6.1", InfluxGeneration.V2), server);
    }

    [Fact]
    public void Without_a_version_a_plain_text_health_answer_is_an_InfluxDB_3()
    {
        Assert.Equal(InfluxGeneration.V3, InfluxServer.Classify(null, InfluxHealth.Parse(200, "OK")).Generation);
    }

    [Fact]
    public void A_server_that_says_nothing_useful_is_of_unknown_generation_and_pinged_only()
    {
        var server = InfluxServer.Classify(null, new InfluxHealth(401, null, null, null));

        Assert.Equal("InfluxDB (version not given) (unknown generation: ping only)", server.Describe());
    }

    [Fact]
    public void A_2x_health_answer_is_read_from_its_JSON()
    {
        var health = InfluxHealth.Parse(503, """{"name":"influxdb","message":"storage engine unavailable","status":"fail","checks":[],"version":"v2.7.4"}""");

        Assert.Equal(new InfluxHealth(503, "fail", "storage engine unavailable", "v2.7.4"), health);
    }
}
