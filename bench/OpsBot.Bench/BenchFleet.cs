using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;
using OpsBot.Core.UseCases;
using OpsBot.Testing;

namespace OpsBot.Bench;

/// <summary>What the host benches share: their functions (<c>fn000</c>…), starting them all at once as a person would in chat, waiting for them to settle, a free loopback port.</summary>
internal static class BenchFleet
{
    public static string Function(int i) => $"fn{i:D3}";

    /// <summary>Starts <paramref name="version"/> of <c>fn000</c>…<c>fn{count-1}</c> at once as <paramref name="actor"/>: their ids, or the first refusal.</summary>
    public static async Task<(List<string>? Ids, string? Refusal)> StartAsync(ChatCommandHandler commands, Actor actor, int count, string version, string environment)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() =>
            commands.HandleAsync(new RequestContext(actor), new StartCommand(Function(i)) { Version = version, Environment = environment }, CancellationToken.None))));
        return results.FirstOrDefault(r => !r.IsDone || r.Deployment is null) is { } refused
            ? (null, refused.Message)
            : ([.. results.Select(r => r.Deployment!.Id)], null);
    }

    /// <summary>Waits until every deployment is in <paramref name="state"/> and every alias routes all traffic to <paramref name="version"/>; false after <paramref name="deadline"/>.</summary>
    public static async Task<bool> SettledAsync(IDeploymentStore store, FakeLambda lambda, IReadOnlyList<string> ids, string environment, DeploymentState state,
        string version, TimeSpan deadline)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < deadline)
        {
            var states = await Task.WhenAll(ids.Select(id => store.GetAsync(id, CancellationToken.None)));
            if (states.All(d => d?.State == state) &&
                Enumerable.Range(0, ids.Count).Select(i => lambda.Alias(environment, Function(i))).All(a => a.PrimaryVersion == version && a.AdditionalVersion is null))
                return true;
            await Task.Delay(50);
        }
        return false;
    }

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
