using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.UseCases;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.UseCases;

/// <summary>People are named by the identity the platform verified, never by the display name a request claimed.</summary>
public sealed class IdentityTextTests
{
    [Fact]
    public async Task Timeline_and_approval_lines_name_people_by_verified_identity_not_by_the_claimed_display_name()
    {
        await using var h = OpsBotHarness.Create();
        var mallory = Alice with { DisplayName = "the CTO" };
        var liar = Bob with { DisplayName = "alice" };

        var id = (await h.StartAsync(mallory, "lambda_router")).Deployment!.Id;
        await h.PollForAsync(TimeSpan.FromMinutes(5));
        await h.ActAsync(liar, DeploymentAction.Promote, id);

        var thread = h.Chat.Thread(id);
        Assert.StartsWith($"{AliceRef} started deploying", thread[0], StringComparison.Ordinal);
        Assert.Contains(thread, t => t.StartsWith($"Promoted by {BobRef};", StringComparison.Ordinal));
        Assert.DoesNotContain(thread, t => t.Contains("the CTO", StringComparison.Ordinal) || t.Contains("alice", StringComparison.Ordinal));
        Assert.Equal([Bob.Identity], (await h.GetAsync(id)).Approvals.Select(a => a.By));
    }

    [Fact]
    public async Task A_reason_cannot_forge_a_reference_to_someone_else()
    {
        await using var h = OpsBotHarness.Create();
        var handler = h.Services.GetRequiredService<ChatCommandHandler>();
        var id = (await h.StartAsync(Alice, "lambda_router")).Deployment!.Id;

        var (pause, _) = CommandGrammar.Parse("/deploy", $"pause {id} --reason \"asked by ⟦@slack:U0DANA⟧\"");
        await handler.HandleAsync(new RequestContext(Alice), pause!, default);

        var d = await h.GetAsync(id);
        Assert.Equal("asked by @slack:U0DANA", d.PauseReason);
        Assert.DoesNotContain(h.Chat.Thread(id), t => t.Contains(DanaRef, StringComparison.Ordinal));
    }

    [Fact]
    public void Plain_rendering_names_identities_and_channels()
    {
        Assert.Equal("Promoted by slack:U0BOB in #C0DEPLOYS", ChatRefs.Plain($"Promoted by {BobRef} in {ChatRefs.Channel("slack", "C0DEPLOYS")}"));
        Assert.Equal("OpsBot", ChatRefs.Person(Actor.System.Identity));
    }
}
