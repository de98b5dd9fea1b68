using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsBot.Core.Ports;
using OpsBot.Teams.Auth;
using OpsBot.Teams.Chat;
using OpsBot.Teams.Connector;
using OpsBot.Teams.Inbound;

namespace OpsBot.Teams;

/// <summary>The Teams adapter's whole public surface: <see cref="AddTeams"/> and <see cref="MapTeams"/>.</summary>
public static class TeamsExtensions
{
    /// <summary>The HTTP client of the token service and the OpenID metadata (the Bot Connector has its own).</summary>
    private const string AuthHttpClient = "teams-auth";

    /// <summary>
    /// Registers the Teams adapter from <c>OpsBot:Teams</c> (validated at start). The endpoint's machinery is always
    /// registered; the chat channel only when Teams is configured (<see cref="TeamsOptions.IsEnabled"/>), so that with
    /// Teams off nothing ever posts to Teams and the endpoint answers 404.
    /// </summary>
    public static IServiceCollection AddTeams(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TeamsOptions.Section);
        services.AddOptions<TeamsOptions>().Bind(section).Configure(o =>
        {
            // The binder appends configured list items to the defaults; a configured host list replaces them instead.
            if (section.GetSection(nameof(TeamsOptions.ServiceUrlHosts)).Exists())
                o.ServiceUrlHosts = [.. section.GetSection(nameof(TeamsOptions.ServiceUrlHosts)).GetChildren().Select(c => c.Value ?? "")];
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        foreach (var name in new[] { BotConnectorClient.HttpClientName, AuthHttpClient })
        {
            services.AddHttpClient(name)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan); // per-attempt timeouts are the clients' own
        }
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<BotTokenValidator>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(AuthHttpClient)));
        services.AddSingleton<IBotToken>(sp => ActivatorUtilities.CreateInstance<BotTokenClient>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(AuthHttpClient)));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<BotConnectorClient>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(BotConnectorClient.HttpClientName)));
        services.AddSingleton<ServiceUrlPolicy>();
        services.AddSingleton<TeamsDirectory>();
        services.AddSingleton<TeamsImages>();
        services.AddSingleton<TeamsRendering>();
        services.AddSingleton<TeamsBot>();

        if ((section.Get<TeamsOptions>() ?? new TeamsOptions()).IsEnabled)
            services.AddSingleton<IChatChannel, TeamsChatChannel>();
        return services;
    }

    /// <summary>
    /// Maps the bot's messaging endpoint <c>POST /teams/messages</c> (the Azure Bot resource's "Messaging endpoint") and
    /// <c>GET /teams/images/{token}.png</c> (charts shown in cards).
    /// </summary>
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder endpoints)
    {
        var teams = endpoints.MapGroup("/teams").WithTags("Teams");
        teams.MapPost("/messages", TeamsMessagesEndpoint.HandleAsync).WithName("TeamsMessages");
        teams.MapGet("/images/{file}", TeamsMessagesEndpoint.ImageAsync).WithName("TeamsImages");
        return endpoints;
    }
}
