using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.UseCases;

/// <summary>
/// <c>OpsBot:People</c>: one person with a Slack and a Teams identity is one person to roles and to four eyes — a
/// deployment asked for in Slack cannot be promoted (or approved) by the same person from Teams.
/// </summary>
public sealed class PeopleAcrossPlatformsTests
{
    private const string BobInTeams = "teams:0b0b0b0b-0000-0000-0000-000000000b0b";
    private static readonly Actor BobTeams = new(BobInTeams, "19:deploys@thread.tacv2", "Bob");

    private static OpsBotHarness Create(bool mapped) => OpsBotHarness.Create(o =>
    {
        o.Channels.Add(new() { Id = "19:deploys@thread.tacv2", Platform = "teams", Environment = "prod" });
        o.Environments["prod"].AllowedChannels.Add("19:deploys@thread.tacv2");
        if (mapped)
            o.People["bob"] = ["slack:U0BOB", BobInTeams];
    });

    private static Task<CommandResult> HandleAsync(OpsBotHarness h, Actor actor, string text) =>
        h.Services.GetRequiredService<ChatCommandHandler>().HandleAsync(new RequestContext(actor), CommandGrammar.Parse("/deploy", text).Command!, default);

    [Fact]
    public async Task A_person_has_the_roles_of_their_other_identities()
    {
        await using var mapped = Create(mapped: true);
        await using var unmapped = Create(mapped: false);

        var policy = mapped.Services.GetRequiredService<OpsBot.Core.Access.AccessPolicy>();
        Assert.Equal(Role.Approver, await policy.RoleOfAsync(BobTeams, "prod", default));
        Assert.Equal(Role.None, await unmapped.Services.GetRequiredService<OpsBot.Core.Access.AccessPolicy>().RoleOfAsync(BobTeams, "prod", default));
    }

    [Fact]
    public async Task Four_eyes_sees_the_same_person_in_teams_who_asked_in_slack()
    {
        await using var h = Create(mapped: true);
        var started = await HandleAsync(h, Bob, "lambda_router 5");
        Assert.True(started.IsDone, started.Message);
        await h.Runner.AdvanceAsync([started.Deployment!.Id], default);
        await h.PollForAsync(TimeSpan.FromMinutes(6));
        Assert.Equal(DeploymentState.AwaitingPromotion, (await h.Store.GetAsync(started.Deployment.Id, default))!.State);

        var fromTeams = await HandleAsync(h, BobTeams, $"promote {started.Deployment.Id}");
        var byDana = await HandleAsync(h, Dana, $"promote {started.Deployment.Id}");

        Assert.Equal(CommandStatus.Refused, fromTeams.Status);
        Assert.Contains("four eyes", fromTeams.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(byDana.IsDone, byDana.Message);
    }
}
