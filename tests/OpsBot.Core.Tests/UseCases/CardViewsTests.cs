using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.UseCases;

/// <summary>A card drawn for one person (Teams' refresh) shows only the buttons that person may use.</summary>
public sealed class CardViewsTests
{
    [Fact]
    public async Task Awaiting_promotion_the_requester_may_roll_back_but_not_promote_an_approver_may_do_both_and_a_viewer_neither()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.Services.GetRequiredService<ChatCommandHandler>().HandleAsync(new RequestContext(Alice),
            CommandGrammar.Parse("/deploy", "lambda_router 5").Command!, default);
        await h.Runner.AdvanceAsync([started.Deployment!.Id], default);
        await h.PollForAsync(TimeSpan.FromMinutes(6));
        var entity = new EntityRef(EntityRef.DeploymentKind, started.Deployment.Id);
        var views = h.Services.GetRequiredService<CardViews>();

        async Task<string[]> ButtonsOf(OpsBot.Core.Identity.Actor who) =>
            [.. ((DeploymentCard)(await views.ForAsync(entity, who, default))!).Buttons.Select(b => b.Action)];

        var everyone = DeploymentCardBuilder.From((await h.Store.GetAsync(started.Deployment.Id, default))!).Buttons.Select(b => b.Action).ToArray();
        Assert.Contains("Promote", everyone);
        Assert.DoesNotContain("Promote", await ButtonsOf(Alice));
        Assert.Contains("Rollback", await ButtonsOf(Alice));
        Assert.Equal(everyone, await ButtonsOf(Bob));
        Assert.Empty(await ButtonsOf(Carol));
        Assert.Null(await views.ForAsync(new EntityRef(EntityRef.DeploymentKind, "dep-nothere"), Bob, default));
    }
}
