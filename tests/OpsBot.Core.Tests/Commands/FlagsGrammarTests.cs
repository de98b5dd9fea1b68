using OpsBot.Core.Commands;
using OpsBot.Core.Flags;

namespace OpsBot.Core.Tests.Commands;

public sealed class FlagsGrammarTests
{
    private static ChatCommand Ok(string command, string text)
    {
        var (parsed, error) = CommandGrammar.Parse(command, text);
        Assert.True(parsed is not null, error);
        return parsed!;
    }

    private static string Error(string command, string text)
    {
        var (parsed, error) = CommandGrammar.Parse(command, text);
        Assert.Null(parsed);
        return error!;
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("list", null)]
    [InlineData("LIST --env prod", "prod")]
    [InlineData("--env=dev", "dev")]
    public void Bare_flags_and_list_list_the_flags(string text, string? env) =>
        Assert.Equal(new FlagsListCommand(env) { Root = "/flags" }, Ok("/flags", text));

    [Fact]
    public void History_takes_an_environment_and_a_limit()
    {
        Assert.Equal(new FlagsHistoryCommand(null, 10) { Root = "/flags" }, Ok("/flags", "history"));
        Assert.Equal(new FlagsHistoryCommand("prod", 5) { Root = "/flags" }, Ok("/Flags", "history --env prod --limit 5"));
    }

    [Fact]
    public void Enable_with_every_option()
    {
        var change = Assert.IsType<FlagsChangeCommand>(Ok("/flags",
            "enable enable_new_api_endpoint enable-enhanced-processing --env prod --strategy AppConfig.Linear20PercentEvery6Minutes --reason \"INC-7 fixed\""));

        Assert.True(change.Enable);
        Assert.Equal(["enable_new_api_endpoint", "enable-enhanced-processing"], change.Flags);
        Assert.Equal(("prod", "AppConfig.Linear20PercentEvery6Minutes", "INC-7 fixed", "/flags"), (change.Environment, change.Strategy, change.Reason, change.Root));
        Assert.False(change.MakesSafer);
    }

    [Fact]
    public void Disable_collapses_duplicates_and_makes_things_safer()
    {
        var change = Assert.IsType<FlagsChangeCommand>(Ok("/flags", "DISABLE a_flag b_flag a_flag"));

        Assert.False(change.Enable);
        Assert.Equal(["a_flag", "b_flag"], change.Flags);
        Assert.Null(change.Environment);
        Assert.True(change.MakesSafer);
    }

    [Theory]
    [InlineData("approve flg-abc123", FlagAction.Approve, null)]
    [InlineData("reject flg-abc123 --reason 'not now'", FlagAction.Reject, "not now")]
    [InlineData("stop flg-abc123", FlagAction.Stop, null)]
    [InlineData("Revert flg-abc123 --reason “errors up”", FlagAction.Revert, "errors up")]
    public void Actions_on_a_flag_change(string text, FlagAction action, string? reason) =>
        Assert.Equal(new FlagsActCommand(action, "flg-abc123", reason) { Root = "/flags" }, Ok("/flags", text));

    [Fact]
    public void Help_shows_the_flags_usage()
    {
        Assert.Equal(new HelpCommand("/flags") { Root = "/flags" }, Ok("/flags", "help"));
        Assert.StartsWith("/flags [list] [--env ENV]", CommandUsage.For("/flags"), StringComparison.Ordinal);
        Assert.Contains("/rollback flags <flag>", CommandUsage.For("/rollback"), StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_flags_names_flags_or_all_new()
    {
        Assert.Equal(["enable_new_api_endpoint", "enable_enhanced_processing"],
            Assert.IsType<RollbackFlagsCommand>(Ok("/rollback", "flags enable_new_api_endpoint enable_enhanced_processing enable_new_api_endpoint")).Flags);

        var all = Assert.IsType<RollbackFlagsCommand>(Ok("/rollback", "FLAGS --all-new --env prod --reason \"5xx up\" --force"));
        Assert.Equal((true, "prod", "5xx up", true, "/rollback"), (all.AllNew, all.Environment, all.Reason, all.Force, all.Root));
        Assert.Empty(all.Flags);
        Assert.True(all.MakesSafer);
    }

    [Fact]
    public void The_word_flags_after_rollback_is_not_a_function() =>
        Assert.IsType<RollbackFlagsCommand>(Ok("/rollback", "flags x"));

    [Theory]
    [InlineData("/flags", "enable", "Say which flags to enable: /flags enable <flag> [<flag>…].")]
    [InlineData("/flags", "disable --env prod", "Say which flags to disable: /flags disable <flag> [<flag>…].")]
    [InlineData("/flags", "enable 9lives", "'9lives' is not a flag name: a letter, then letters, digits, _ or -, at most 64 characters.")]
    [InlineData("/flags", "enable new.api", "'new.api' is not a flag name: a letter, then letters, digits, _ or -, at most 64 characters.")]
    [InlineData("/flags", "enable x --stratgy AllAtOnce", "Unknown option '--stratgy' for flags enable (it takes --env, --strategy, --reason). Did you mean --strategy?")]
    [InlineData("/flags", "list extra", "Unexpected 'extra': flags list takes nothing before its options.")]
    [InlineData("/flags", "history --limit 0", "--limit is a whole number from 1 to 50, not '0'.")]
    [InlineData("/flags", "stop", "Say which flag change to stop: /flags stop <change id>.")]
    [InlineData("/flags", "stop flg-1 flg-2", "Unexpected 'flg-2': flags stop takes one word before its options.")]
    [InlineData("/flags", "enabel x", "/flags enabel is not a command. Did you mean /flags enable?")]
    [InlineData("/flags", "enable_new_api_endpoint", "/flags enable_new_api_endpoint is not a command. Did you mean /flags enable enable_new_api_endpoint or /flags disable enable_new_api_endpoint?")]
    [InlineData("/flags", "!!", "/flags !! is not a command: /flags takes list, history, enable, disable, approve, reject, stop, revert or help.")]
    [InlineData("/rollback", "flags", "Say which flags to turn off: /rollback flags <flag> [<flag>…], or /rollback flags --all-new.")]
    [InlineData("/rollback", "flags a --all-new", "Name flags or say --all-new, not both: /rollback flags <flag> [<flag>…], or /rollback flags --all-new.")]
    [InlineData("/rollback", "flags a --all-new=yes", "--all-new takes no value.")]
    [InlineData("/rollback", "flags a --target-version 3", "Unknown option '--target-version' for rollback flags (it takes --all-new, --env, --reason, --force).")]
    public void Malformed_flag_commands_say_what_was_wrong(string command, string text, string expected) =>
        Assert.Equal(expected, Error(command, text));

    [Fact]
    public void A_flag_name_longer_than_64_characters_is_refused_and_echoed_short()
    {
        var error = Error("/flags", "enable a" + new string('b', 64));

        Assert.StartsWith("'abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb…' is not a flag name", error, StringComparison.Ordinal);
        Assert.IsType<FlagsChangeCommand>(Ok("/flags", "enable a" + new string('b', 63)));
    }

    [Fact]
    public void At_most_twenty_flags_in_one_change()
    {
        var twenty = string.Join(' ', Enumerable.Range(1, 20).Select(i => $"f{i}"));

        Assert.Equal(20, Assert.IsType<FlagsChangeCommand>(Ok("/flags", "disable " + twenty)).Flags.Count);
        Assert.Equal("That names 21 flags; one change takes at most 20.", Error("/flags", $"disable {twenty} f21"));
        Assert.Equal("That names 21 flags; one change takes at most 20.", Error("/rollback", $"flags {twenty} f21"));
    }

    [Fact]
    public void A_reason_is_capped_like_deploy()
    {
        var reason = new string('r', CommandText.MaxFreeText + 1);

        Assert.Equal("--reason is 501 characters long; keep it to 500.", Error("/flags", $"enable x --reason \"{reason}\""));
        Assert.Equal("--reason is 501 characters long; keep it to 500.", Error("/rollback", $"flags x --reason \"{reason}\""));
    }

    [Fact]
    public void An_unknown_word_is_echoed_cut_to_forty_characters()
    {
        var error = Error("/flags", new string('!', 300));

        Assert.StartsWith($"/flags {new string('!', 40)}… is not a command", error, StringComparison.Ordinal);
    }
}
