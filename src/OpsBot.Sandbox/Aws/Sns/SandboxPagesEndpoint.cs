using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary><c>GET /sandbox/pages</c>: what the operators were paged with (SNS Publish to the ops topic), newest first.</summary>
public static class SandboxPagesEndpoint
{
    /// <summary>Maps <c>GET /sandbox/pages</c> over the AWS-compatible endpoint's world.</summary>
    /// <param name="app">Where to map it (the sandbox's main app).</param>
    /// <param name="emulatorServices">The AWS-compatible endpoint's services.</param>
    public static IEndpointRouteBuilder MapSandboxPages(this IEndpointRouteBuilder app, IServiceProvider emulatorServices)
    {
        var pages = emulatorServices.GetRequiredService<SandboxPages>();
        app.MapGet("/sandbox/pages", () => Results.Json(pages.All().Reverse().Select(p => new
        {
            at = p.At,
            topic = p.Topic,
            subject = p.Subject,
            message = p.Message,
            attributes = p.Attributes,
        })));
        return app;
    }
}
