using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary><c>GET /sandbox/pages</c>: what the operators were paged with (SNS Publish to the ops topic), newest first.</summary>
public static class SandboxPagesEndpoint
{
    /// <summary>Maps <c>GET /sandbox/pages</c> over every environment's world.</summary>
    /// <param name="app">Where to map it (the sandbox's main app).</param>
    /// <param name="environments">The environments, each with its world.</param>
    public static IEndpointRouteBuilder MapSandboxPages(this IEndpointRouteBuilder app, IReadOnlyList<SandboxEnvironment> environments)
    {
        app.MapGet("/sandbox/pages", () => Results.Json(environments
            .SelectMany(e => e.World.GetRequiredService<SandboxPages>().All().Select(p => (e.Name, Page: p)))
            .OrderByDescending(x => x.Page.At).Select(x => (x.Name, x.Page)).Select(x => new
        {
            environment = x.Name,
            at = x.Page.At,
            topic = x.Page.Topic,
            subject = x.Page.Subject,
            message = x.Page.Message,
            attributes = x.Page.Attributes,
        })));
        return app;
    }
}
