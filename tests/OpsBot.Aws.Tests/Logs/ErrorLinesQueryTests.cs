using OpsBot.Aws.Logs;

namespace OpsBot.Aws.Tests.Logs;

public sealed class ErrorLinesQueryTests
{
    [Fact]
    public void Without_a_version_every_stream_is_searched() =>
        Assert.Equal("fields @timestamp, @message, @logStream | filter @message like /ERROR|Task timed out/ | sort @timestamp desc | limit 500",
            ErrorLinesQuery.For(null, 500));

    [Fact]
    public void A_version_keeps_the_streams_with_it_in_brackets() =>
        Assert.Equal(@"fields @timestamp, @message, @logStream | filter @message like /ERROR|Task timed out/ | filter @logStream like /\[5\]/ | sort @timestamp desc | limit 20",
            ErrorLinesQuery.For("5", 20));

    [Theory]
    [InlineData("$LATEST", @"\$LATEST")]
    [InlineData("12", "12")]
    [InlineData(@"a.b*c+d?e|f(g)h[i]j{k}l^m/n\o", @"a\.b\*c\+d\?e\|f\(g\)h\[i\]j\{k\}l\^m\/n\\o")]
    public void Regex_metacharacters_and_the_slash_of_a_version_are_escaped(string version, string escaped)
    {
        Assert.Equal(escaped, ErrorLinesQuery.Escape(version));
        Assert.Contains($@"/\[{escaped}\]/", ErrorLinesQuery.For(version, 1), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(50_000, 10_000)]
    public void The_limit_stays_within_what_logs_insights_allows(int asked, int sent) =>
        Assert.EndsWith($"| limit {sent}", ErrorLinesQuery.For(null, asked), StringComparison.Ordinal);
}
