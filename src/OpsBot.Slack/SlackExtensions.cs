using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsBot.Core.Ports;
using OpsBot.Slack.Chat;
using OpsBot.Slack.Inbound;
using OpsBot.Slack.WebApi;
using OpsBot.Slack.Work;

namespace OpsBot.Slack;

/// <summary>The Slack adapter's whole public surface: <see cref="AddSlack"/> and <see cref="MapSlack"/>.</summary>
public static class SlackExtensions
{
    /// <summary>
    /// Registers the Slack adapter from <c>OpsBot:Slack</c> (validated at start). The endpoints' machinery is always
    /// registered; the chat channel (<see cref="IChatChannel"/>) and the user-group resolver
    /// (<see cref="IGroupMembership"/>) only when Slack is configured (both secrets set), so that with Slack off nothing
    /// ever tries to post to Slack and the endpoints answer 404.
    /// </summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SlackOptions.Section);
        services.AddOptions<SlackOptions>().Bind(section).Configure(o =>
        {
            // The binder appends configured list items to the defaults; a configured host list replaces them instead.
            o.ResponseUrlHosts = Hosts(section, nameof(SlackOptions.ResponseUrlHosts)) ?? o.ResponseUrlHosts;
            o.UploadUrlHosts = Hosts(section, nameof(SlackOptions.UploadUrlHosts)) ?? o.UploadUrlHosts;
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<SlackRequestVerifier>();
        services.AddSingleton<SlackInbound>();
        services.AddSingleton<SlackUrlPolicy>();
        services.AddHttpClient(SlackWebApiClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan); // per-attempt timeouts are the client's own
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SlackWebApiClient>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(SlackWebApiClient.HttpClientName)));
        services.AddSingleton<SlackResponder>();
        services.AddSingleton<SlackWorkAnswers>();
        services.AddSingleton<SlackWorkRunner>();
        services.AddSingleton<SlackWorkQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackWorkQueue>());

        if ((section.Get<SlackOptions>() ?? new SlackOptions()).IsEnabled)
        {
            services.AddSingleton<IChatChannel, SlackChatChannel>();
            services.AddSingleton<IGroupMembership, SlackGroupMembership>();
        }
        return services;
    }

    private static List<string>? Hosts(IConfigurationSection section, string key) =>
        section.GetSection(key).Exists() ? [.. section.GetSection(key).GetChildren().Select(c => c.Value ?? "")] : null;

    /// <summary>
    /// Maps Slack's request URLs (the ones in <c>manifest/slack-app.yaml</c>): <c>POST /slack/commands</c>,
    /// <c>/slack/interactions</c> and <c>/slack/events</c>. Each verifies Slack's signature over the raw body before
    /// reading it (401 otherwise), and acknowledges within Slack's 3 seconds; the work follows in the background.
    /// </summary>
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        var slack = endpoints.MapGroup("/slack").WithTags("Slack").AddEndpointFilter(SlackInbound.FilterAsync);
        slack.MapPost("/commands", SlackCommandEndpoint.Handle).WithName("SlackCommands");
        slack.MapPost("/interactions", SlackInteractionEndpoint.Handle).WithName("SlackInteractions");
        slack.MapPost("/events", SlackEventEndpoint.Handle).WithName("SlackEvents");
        return endpoints;
    }
}
