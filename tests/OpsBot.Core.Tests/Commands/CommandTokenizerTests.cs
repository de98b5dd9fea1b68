using OpsBot.Core.Commands;

namespace OpsBot.Core.Tests.Commands;

public sealed class CommandTokenizerTests
{
    private static IReadOnlyList<string> Words(string? text)
    {
        var (words, error) = CommandTokenizer.Split(text);
        Assert.Null(error);
        return words!;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t \n ")]
    public void Nothing_typed_is_no_words(string? text) => Assert.Empty(Words(text));

    [Fact]
    public void Whitespace_and_control_characters_separate_words_and_runs_of_them_count_once() =>
        Assert.Equal(["deploy", "lambda_router", "5"], Words("  deploy \t lambda_router\u0001\u0002\r\n 5  "));

    [Theory]
    [InlineData("pause dep-1 \"looking at logs\"", "looking at logs")]
    [InlineData("pause dep-1 'looking at logs'", "looking at logs")]
    [InlineData("pause dep-1 “looking at logs”", "looking at logs")]
    [InlineData("pause dep-1 ‘looking at logs’", "looking at logs")]
    [InlineData("pause dep-1 „looking at logs“", "looking at logs")]
    public void Every_kind_of_quote_groups_one_word(string text, string reason) =>
        Assert.Equal(["pause", "dep-1", reason], Words(text));

    [Fact]
    public void A_quote_only_closes_with_its_own_closing_mark() =>
        Assert.Equal(["it's “fine” now"], Words("\"it's “fine” now\""));

    [Fact]
    public void A_quoted_part_joins_the_word_it_touches() =>
        Assert.Equal(["--reason=two words", "x"], Words("--reason=\"two words\" x"));

    [Fact]
    public void An_empty_quote_is_an_empty_word() =>
        Assert.Equal(["a", "", "b"], Words("a \"\" b"));

    [Fact]
    public void A_backslash_escapes_the_closing_quote_and_itself_inside_quotes() =>
        Assert.Equal(["say \"hi\" \\ and \\n"], Words("\"say \\\"hi\\\" \\\\ and \\n\""));

    [Fact]
    public void A_backslash_at_the_end_of_a_quote_does_not_escape_past_the_text()
    {
        var (words, error) = CommandTokenizer.Split("\"abc\\");
        Assert.Null(words);
        Assert.NotNull(error);
    }

    [Fact]
    public void A_backslash_outside_quotes_is_an_ordinary_character() =>
        Assert.Equal(["a\\b", "c\\"], Words("a\\b c\\"));

    [Theory]
    [InlineData("pause dep-1 \"looking")]
    [InlineData("pause dep-1 'looking")]
    [InlineData("pause dep-1 “looking\"")]
    public void An_unterminated_quote_is_an_error_not_a_guess(string text)
    {
        var (words, error) = CommandTokenizer.Split(text);
        Assert.Null(words);
        Assert.Equal("A quote is not closed; put the reason in \"double quotes\".", error);
    }

    [Fact]
    public void Reference_brackets_are_cleaned_so_typed_text_cannot_forge_a_reference() =>
        Assert.Equal(["rollback", "x", "by @slack:U0DANA"], Words("rollback x \"by ⟦@slack:U0DANA⟧\""));

    [Fact]
    public void Text_at_the_limit_is_split_and_one_character_more_is_refused()
    {
        var atLimit = new string('a', CommandTokenizer.MaxLength);
        Assert.Equal([atLimit], Words(atLimit));

        var (words, error) = CommandTokenizer.Split(atLimit + "b");
        Assert.Null(words);
        Assert.Equal($"That command is {CommandTokenizer.MaxLength + 1} characters long; the most is {CommandTokenizer.MaxLength}.", error);
    }

    [Fact]
    public void The_limit_counts_the_text_after_the_brackets_are_cleaned() =>
        Assert.Single(Words(new string('a', CommandTokenizer.MaxLength) + "⟦⟧"));
}
