using OpsBot.Aws;
using OpsBot.Core;

namespace OpsBot.Hosting;

/// <summary>The one composition root: every concern registers itself through one extension.</summary>
public static class OpsBotHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.Services.AddOpsBotOptions(builder.Configuration);
        builder.Services.AddOpsBotCore();
        builder.Services.AddOpsBotStorage(builder.Configuration);
        builder.Services.AddAws(builder.Configuration);
        builder.Services.AddOpsBotHealthChecks();

        var app = builder.Build();
        app.MapOpsBotHealth();
        return app;
    }
}
