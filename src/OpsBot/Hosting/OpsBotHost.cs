using OpsBot.Aws;
using OpsBot.Charts;
using OpsBot.Core;
using OpsBot.Probes;
using OpsBot.Slack;
using OpsBot.Sns;
using OpsBot.Teams;

namespace OpsBot.Hosting;

/// <summary>The one composition root: every concern registers itself through one extension.</summary>
public static class OpsBotHost
{
    /// <param name="replaceServices">For benchmarks only: changes the composition after every concern registered itself.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? replaceServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.Services.AddOpsBotOptions(builder.Configuration);
        builder.Services.AddOpsBotCore();
        builder.Services.AddOpsBotStorage(builder.Configuration);
        builder.Services.AddAws(builder.Configuration);
        builder.Services.AddCharts();
        builder.Services.AddProbes();
        builder.Services.AddSlack(builder.Configuration);
        builder.Services.AddTeams(builder.Configuration);
        builder.Services.AddSns(builder.Configuration);
        builder.Services.AddOpsBotHealthChecks();
        replaceServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapOpsBotHealth();
        app.MapSlack();
        app.MapTeams();
        app.MapSns();
        return app;
    }
}
