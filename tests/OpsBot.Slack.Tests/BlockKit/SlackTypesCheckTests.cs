using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Core.Commands;
using OpsBot.Slack.BlockKit;
using OpsBot.Testing;

namespace OpsBot.Slack.Tests.BlockKit;

/// <summary>
/// The rendered Block Kit checked against Slack's own TypeScript definitions (<c>@slack/types</c>, pinned in
/// <c>slack-types/package-lock.json</c>): each card's blocks are written into a .ts file as <c>KnownBlock[]</c> and
/// <c>tsc --noEmit</c> must accept them. A block that breaks the types is reported, so the check is known to bite.
/// </summary>
public sealed class SlackTypesCheckTests
{
    private static async Task<NodeScripts.Result> TypeCheckAsync(IReadOnlyList<(string Name, JsonArray Blocks)> messages)
    {
        var directory = await NodeScripts.InstalledAsync(NodeScripts.Folder("tests", "OpsBot.Slack.Tests", "slack-types"));
        var generated = Path.Combine(directory, "generated", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(generated);
        try
        {
            var ts = new StringBuilder("import type { KnownBlock } from '@slack/types';\n\n");
            for (var i = 0; i < messages.Count; i++)
                ts.Append($"// {messages[i].Name}\nexport const message{i}: KnownBlock[] = {messages[i].Blocks.ToJsonString()};\n\n");
            await File.WriteAllTextAsync(Path.Combine(generated, "rendered.ts"), ts.ToString());
            await File.WriteAllTextAsync(Path.Combine(generated, "tsconfig.json"),
                """{ "extends": "../../tsconfig.json", "include": ["rendered.ts"] }""");
            return await NodeScripts.ExecAsync(directory, "npx", ["--no-install", "tsc", "--noEmit", "-p", generated], TimeSpan.FromMinutes(5));
        }
        finally
        {
            Directory.Delete(generated, recursive: true);
        }
    }

    [Fact]
    public async Task Every_rendered_card_flag_cards_too_and_a_confirmation_is_a_KnownBlock_array_to_slacks_types()
    {
        var cards = SampleCards.Synthetic().Concat(await SampleCards.FromCoreAsync())
            .Select(c => (c.Name, BlockKitRenderer.Render(c.Card)))
            .Concat(SampleFlagCards.Synthetic().Select(c => (c.Name, BlockKitRenderer.Render(c.Card))))
            .Concat(SampleHealthCards.All().Select(c => (c.Name, BlockKitRenderer.Render(c.Card))))
            .Concat(SampleIncidentCards.All().Select(c => (c.Name, BlockKitRenderer.Render(c.Card))))
            .Append(("rollback confirmation", BlockKitRenderer.Answer("Roll back *lambda_router:live* in prod?",
                [RollbackConfirmation.Button("prod", "lambda_router", "3", "a1b2", "INC-7 | p99 doubled")])!))
            .ToList();

        var result = await TypeCheckAsync(cards);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task A_block_that_breaks_slacks_types_is_reported()
    {
        var blocks = BlockKitRenderer.Render(SampleCards.Largest());
        blocks.Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]![0]!["style"] = "warning";
        blocks[0]!["text"]!["type"] = "markdown";

        var result = await TypeCheckAsync([("broken", blocks)]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("rendered.ts", result.Stdout + result.Stderr);
    }
}
