using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Tests.Deployments;

namespace OpsBot.Core.Tests.Cards;

public sealed class DeploymentCardBuilderTests
{
    [Fact]
    public void A_baking_canary_shows_its_step_weight_health_and_the_buttons_that_fit()
    {
        var d = TestDeployments.InState(DeploymentState.Baking);
        d.StateVersion = 3;
        d.Health = d.Health with
        {
            Last = new HealthReport(DateTimeOffset.UnixEpoch, HealthVerdict.Healthy, "ok",
                [new HealthCheck("error rate", CheckStatus.Pass, "0.8% (8 of 1000)", "5%", "error rate 0.8% ≤ 5%")]),
        };

        var card = DeploymentCardBuilder.From(d);

        Assert.Equal("lambda_router:live (prod)", card.Title);
        Assert.Equal("Baking at 10% (step 1 of 2)", card.Headline);
        Assert.Equal("4 → 5", card.Versions);
        Assert.Equal("canary (10% → 100%)", card.Strategy);
        Assert.Equal("▰▱▱▱▱▱▱▱▱▱ 10%", card.ProgressBar);
        Assert.Equal([StepStatus.Current, StepStatus.Pending], card.Steps.Select(s => s.Status));
        Assert.True(card.Steps[0].Gate);
        Assert.Equal("0.8% (8 of 1000)", Assert.Single(card.Checks).Measured);
        Assert.Equal([DeploymentAction.Pause, DeploymentAction.Rollback], card.Buttons.Select(b => Enum.Parse<DeploymentAction>(b.Action)));
        Assert.Equal("dep-test01|3|Rollback", card.Buttons[1].Value);
        Assert.NotNull(card.Buttons[1].Confirm);
        Assert.Equal("lambda_router:live (prod) 4 → 5: Baking at 10% (step 1 of 2)", card.Summary);
    }

    [Theory]
    [InlineData(DeploymentState.AwaitingApproval, new[] { DeploymentAction.Approve, DeploymentAction.Reject, DeploymentAction.Rollback })]
    [InlineData(DeploymentState.AwaitingPromotion, new[] { DeploymentAction.Promote, DeploymentAction.Pause, DeploymentAction.Rollback })]
    [InlineData(DeploymentState.Paused, new[] { DeploymentAction.Resume, DeploymentAction.Rollback })]
    [InlineData(DeploymentState.Succeeded, new DeploymentAction[0])]
    public void The_buttons_follow_the_state(DeploymentState state, DeploymentAction[] buttons) =>
        Assert.Equal(buttons, DeploymentCardBuilder.From(TestDeployments.InState(state)).Buttons.Select(b => Enum.Parse<DeploymentAction>(b.Action)));

    [Fact]
    public void A_button_value_round_trips_and_anything_else_is_not_ours()
    {
        Assert.Equal(("dep-abc", 7L, DeploymentAction.Promote), DeploymentCard.ParseButton(DeploymentCard.ButtonValue("dep-abc", 7, DeploymentAction.Promote)));
        Assert.Null(DeploymentCard.ParseButton(null));
        Assert.Null(DeploymentCard.ParseButton("dep-abc|7"));
        Assert.Null(DeploymentCard.ParseButton("dep-abc|-1|Promote"));
        Assert.Null(DeploymentCard.ParseButton("dep-abc|7|Deploy"));
        Assert.Null(DeploymentCard.ParseButton("dep-abc|7|99"));
        Assert.Null(DeploymentCard.ParseButton("|7|Promote"));
    }

    [Fact]
    public void An_ended_deployment_says_why()
    {
        var d = TestDeployments.InState(DeploymentState.RolledBack);
        d.Reason = "error rate 12.4% > 5% for 2 periods";
        var card = DeploymentCardBuilder.From(d);
        Assert.Equal("Rolled back to version 4", card.Headline);
        Assert.Equal("error rate 12.4% > 5% for 2 periods", card.Reason);
        Assert.Equal(CardTone.Danger, card.Tone);
        Assert.Empty(card.Buttons);
    }
}
