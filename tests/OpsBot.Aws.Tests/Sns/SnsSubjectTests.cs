using OpsBot.Aws.Sns;

namespace OpsBot.Aws.Tests.Sns;

public sealed class SnsSubjectTests
{
    [Theory]
    [InlineData("Rollback failed: lambda_router d-42", "Rollback failed: lambda_router d-42")]
    [InlineData("Déploiement échoué — prod", "Deploiement echoue - prod")]
    [InlineData("Straße Œuvre Łódź Æsir", "Strasse OEuvre Lodz AEsir")]
    [InlineData("“quoted” ‘single’ 8 → 9…", "\"quoted\" 'single' 8 -> 9...")]
    [InlineData("line one\nline two\r\n\tthree", "line one line two three")]
    [InlineData("bell\u0007 and nul\0 inside", "bell and nul inside")]
    [InlineData("🚨 ALARM in prod ✅", "ALARM in prod")]
    [InlineData("  +++ [prod] breach", "[prod] breach")]
    [InlineData("漢字だけ", SnsSubject.Fallback)]
    [InlineData("   ", SnsSubject.Fallback)]
    [InlineData(null, SnsSubject.Fallback)]
    public void A_subject_is_made_ascii_single_line_and_starting_well(string? text, string expected) =>
        Assert.Equal(expected, SnsSubject.From(text));

    [Fact]
    public void A_long_subject_is_cut_below_100_characters()
    {
        var subject = SnsSubject.From(string.Concat(Enumerable.Repeat("rollback failed ", 20)));

        Assert.InRange(subject.Length, 90, 99);
        Assert.EndsWith("...", subject, StringComparison.Ordinal);
        Assert.StartsWith("rollback failed rollback failed", subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_subject_meets_the_sns_rules()
    {
        var samples = new[] { "ä\u0301\u2028x", new string('é', 300), "\u00A0\u200B lead", "-- dashes", "~tilde" };
        foreach (var subject in samples.Select(SnsSubject.From))
        {
            Assert.InRange(subject.Length, 1, 99);
            Assert.All(subject, c => Assert.True(c is >= ' ' and <= '~', $"'{c}' in \"{subject}\""));
            Assert.True(char.IsAsciiLetterOrDigit(subject[0]) || char.IsPunctuation(subject[0]), subject);
        }
    }
}
