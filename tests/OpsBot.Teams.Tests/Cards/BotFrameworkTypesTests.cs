using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Teams.Cards;
using OpsBot.Testing;

namespace OpsBot.Teams.Tests.Cards;

/// <summary>
/// The activities and invoke answers OpsBot sends to Teams checked against botframework-schema's TypeScript types
/// (pinned in <c>node/package-lock.json</c>): each is written into a .ts file typed with <c>node/card-types.ts</c>
/// (<c>Partial&lt;Activity&gt;</c> with <c>Mention</c> entities, <c>AdaptiveCardInvokeResponse</c>) and
/// <c>tsc --noEmit</c> must accept them. A wrong shape is reported, so the check is known to bite.
/// </summary>
public sealed class BotFrameworkTypesTests
{
    private static async Task<NodeScripts.Result> TypeCheckAsync(IReadOnlyList<(string Type, JsonObject Json)> values)
    {
        var directory = await NodeScripts.InstalledAsync(OracleCards.NodeFolder);
        var generated = Path.Combine(directory, "generated", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(generated);
        try
        {
            var ts = new StringBuilder("import type { OutgoingActivity, CardInvokeResponse, MessageInvokeResponse, ErrorInvokeResponse } from '../../card-types';\n\n");
            for (var i = 0; i < values.Count; i++)
                ts.Append($"export const value{i}: {values[i].Type} = {values[i].Json.ToJsonString(AdaptiveCardLimits.JsonOptions)};\n\n");
            await File.WriteAllTextAsync(Path.Combine(generated, "rendered.ts"), ts.ToString());
            await File.WriteAllTextAsync(Path.Combine(generated, "tsconfig.json"), """{ "extends": "../../tsconfig.json", "include": ["rendered.ts"] }""");
            return await NodeScripts.ExecAsync(directory, "npx", ["--no-install", "tsc", "--noEmit", "-p", generated], TimeSpan.FromMinutes(5));
        }
        finally
        {
            Directory.Delete(generated, recursive: true);
            if (Directory.GetFileSystemEntries(Path.Combine(directory, "generated")).Length == 0)
                Directory.Delete(Path.Combine(directory, "generated"));
        }
    }

    [Fact]
    public async Task Every_activity_and_invoke_answer_matches_botframework_schemas_types()
    {
        var context = TeamsSamples.Context;
        var values = new List<(string, JsonObject)>();
        foreach (var (_, card) in await TeamsSamples.AllAsync())
        {
            values.Add(("OutgoingActivity", TeamsActivities.Card(card, context)));
            values.Add(("CardInvokeResponse", TeamsActivities.CardResponse(AdaptiveCardRenderer.Render(card, context))));
        }
        foreach (var (_, reply) in TeamsSamples.Replies())
            values.Add(("OutgoingActivity", TeamsReply.Render(reply, context)));
        values.Add(("OutgoingActivity", TeamsActivities.Text("hello")));
        values.Add(("MessageInvokeResponse", TeamsActivities.MessageResponse("Promoted.")));
        values.Add(("ErrorInvokeResponse", TeamsActivities.ErrorResponse(400, "invalid", "Not one of OpsBot's cards.")));
        values.Add(("ErrorInvokeResponse", TeamsActivities.ErrorResponse(500, "failed", "AWS did not answer.")));

        var result = await TypeCheckAsync(values);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task A_wrong_shape_is_reported()
    {
        var activity = TeamsActivities.Card(TeamsSamples.Incident(), TeamsSamples.Context);
        activity["attachments"]![0]!["contentType"] = 42;
        var error = TeamsActivities.ErrorResponse(400, "x", "y");
        error["statusCode"] = "400";

        var result = await TypeCheckAsync([("OutgoingActivity", activity), ("ErrorInvokeResponse", error), ("MessageInvokeResponse", TeamsActivities.CardResponse([]))]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("rendered.ts(3,", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("rendered.ts(5,", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("rendered.ts(7,", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
