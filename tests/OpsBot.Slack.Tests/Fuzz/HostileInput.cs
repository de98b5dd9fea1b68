using System.Text;

namespace OpsBot.Slack.Tests.Fuzz;

/// <summary>Random and hostile command texts and payload values from a seeded <see cref="Random"/>, so a failure reproduces.</summary>
internal sealed class HostileInput(int seed)
{
    private static readonly string[] Pieces =
    [
        "lambda_router", "structured_data_processor", "rag_query_processor", "influxdb_loader", "no_such_function", "5", "4", "0", "-1",
        "99999999999999999999", "1.5", "$LATEST", "status", "history", "help", "approve", "reject", "promote", "pause", "resume", "freeze",
        "unfreeze", "deployment", "dep-abc123", "dep-", "prod", "dev",
        "--strategy", "canary", "linear", "all-at-once", "--engine", "alias", "codedeploy", "--canary-percentage", "--bake-minutes",
        "--rollback-threshold", "5%", "150", "--env", "--skip-approval", "--reason", "--target-version", "--limit", "--", "---", "--=",
        "--env=prod", "--reason=", "--reason=\"x\"", "--ENV", "-e",
        "flags", "flag", "list", "enable", "disable", "stop", "revert", "enable_new_api_endpoint", "enable_enhanced_processing",
        "enable_new_api_endpoint", "flg-abc123", "flg-", "--all-new", "--all-new=yes", "--force", "--strategy=AppConfig.AllAtOnce",
        "AppConfig.Linear20PercentEvery6Minutes", "9lives", "a-" + new string('b', 70),
        "\"", "'", "“", "”", "„", "‘", "’", "\\", "\\\"", "\"unterminated", "'quoted words'", "\"a \\\" b\"",
        "<!channel>", "<!here>", "<@U0BOB>", "<#C0DEPLOYS>", "<https://evil.example|click>", "&amp;", "&", "*bold*", "_it_", "~s~", "`code`", "```",
        "'; DROP TABLE deployments; --", "\" OR 1=1 --", "$(rm -rf /)", "`id`", "${jndi:ldap://x}", "{{7*7}}", "%s%s%n", "../../etc/passwd",
        "\u0000", "\u0007", "\r\n", "\t", "\u200b", "\u202e", "\ufeff", "\ud83d\ude80", "ü", "漢字", "🙂", "\uffff",
    ];

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    public int Next(int max) => _random.Next(max);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A command text: option soup, random unicode, control characters, or something very long.</summary>
    public string CommandText()
    {
        return _random.Next(10) switch
        {
            0 => RandomUnicode(_random.Next(0, 200)),
            1 => new string(Pick(Pieces)[0], _random.Next(3990, 4100)),
            2 => string.Concat(Enumerable.Range(0, _random.Next(1, 600)).Select(_ => Pick(Pieces) + " ")),
            3 => "",
            4 => "flags " + string.Join(' ', Enumerable.Range(0, _random.Next(0, 30)).Select(_ => _random.Next(8) == 0 ? RandomUnicode(_random.Next(1, 8)) : Pick(Pieces))),
            _ => string.Join(_random.Next(3) == 0 ? "" : " ", Enumerable.Range(0, _random.Next(1, 12)).Select(_ => _random.Next(8) == 0 ? RandomUnicode(_random.Next(1, 8)) : Pick(Pieces))),
        };
    }

    public string Command() => _random.Next(10) switch
    {
        0 => Pick(["/Deploy", "/ROLLBACK", "/FLAGS", "deploy", "flags", "/flag", "/foo", "", "/deploy\u0000", "/" + RandomUnicode(5)]),
        < 5 => "/deploy",
        < 8 => "/rollback",
        _ => "/flags",
    };

    /// <summary>Any characters at all, lone surrogates and controls included.</summary>
    public string RandomUnicode(int length)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append(_random.Next(6) switch
            {
                0 => (char)_random.Next(0, 32),
                1 => (char)_random.Next(0xD800, 0xE000),
                2 => (char)_random.Next(0x2000, 0x2070),
                _ => (char)_random.Next(32, 0xFFFF),
            });
        }
        return sb.ToString();
    }

    /// <summary>A value of a random JSON type, sometimes huge or nested.</summary>
    public System.Text.Json.Nodes.JsonNode? JsonValue(int depth = 0) => _random.Next(depth > 3 ? 5 : 8) switch
    {
        0 => null,
        1 => _random.Next(),
        2 => _random.Next(2) == 0,
        3 => RandomUnicode(_random.Next(0, 50)),
        4 => new string('x', _random.Next(0, 20_000)),
        5 => new System.Text.Json.Nodes.JsonArray([.. Enumerable.Range(0, _random.Next(0, 4)).Select(_ => JsonValue(depth + 1))]),
        _ => new System.Text.Json.Nodes.JsonObject(Enumerable.Range(0, _random.Next(0, 4))
            .Select(i => KeyValuePair.Create($"k{i}{RandomUnicode(2)}", JsonValue(depth + 1)))),
    };

    /// <summary>What an HTTP client can send: lone surrogates become U+FFFD, as they would on the wire.</summary>
    public static string Wire(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
}
