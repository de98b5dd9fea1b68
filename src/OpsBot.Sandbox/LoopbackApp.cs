using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpsBot.Sandbox;

/// <summary>The sandbox's small web apps (and the tests' stand-ins): 127.0.0.1 only, no logging, any free port on request.</summary>
public static class LoopbackApp
{
    /// <summary>A slim app builder listening on <c>127.0.0.1:<paramref name="port"/></c> (0: any free port).</summary>
    public static WebApplicationBuilder CreateBuilder(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        return builder;
    }

    /// <summary>A slim app builder listening with TLS on <c>127.0.0.1:<paramref name="port"/></c> (0: any free port), presenting <paramref name="certificate"/>.</summary>
    public static WebApplicationBuilder CreateHttpsBuilder(X509Certificate2 certificate, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
        return builder;
    }

    /// <summary>Where a started app listens: <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public static Uri BaseUrl(this WebApplication app) =>
        new($"http://127.0.0.1:{new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port}/");

    /// <summary>Stops and disposes <paramref name="app"/> if it was started; returns null, for the field that held it.</summary>
    public static async ValueTask<WebApplication?> StopAsync(WebApplication? app)
    {
        if (app is null)
            return null;
        await app.StopAsync();
        await app.DisposeAsync();
        return null;
    }
}
