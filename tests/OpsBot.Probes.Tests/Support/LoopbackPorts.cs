using System.Net;
using System.Net.Sockets;

namespace OpsBot.Probes.Tests.Support;

/// <summary>Loopback ports: one nothing listens on (a "down" server: connection refused), and free ones to bind.</summary>
internal static class LoopbackPorts
{
    /// <summary>A port that was free a moment ago; nothing listens on it now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c> with nothing listening: connection refused.</summary>
    public static string ClosedUrl() => $"http://127.0.0.1:{Free()}";
}
