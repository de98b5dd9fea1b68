using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;

namespace OpsBot.Probes;

/// <summary>
/// The short, human words a probe result is made of: they land on a card ("influxdb: connection refused for 2 polls"),
/// so a failure is named by what an operator would check, never by a stack trace or a secret.
/// </summary>
internal static class ProbeText
{
    /// <summary>"3 ms", "412 ms" (whole milliseconds).</summary>
    public static string Ms(TimeSpan elapsed) => $"{Math.Round(elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)} ms";

    /// <summary>"≤ 250 ms".</summary>
    public static string AtMost(double ms) => $"≤ {ms.ToString("0.###", CultureInfo.InvariantCulture)} ms";

    /// <summary>"5 s", "1.5 s", "500 ms".</summary>
    public static string Duration(TimeSpan t) => t >= TimeSpan.FromSeconds(1)
        ? $"{t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s"
        : Ms(t);

    /// <summary>"timed out after 5 s".</summary>
    public static string TimedOut(TimeSpan timeout) => $"timed out after {Duration(timeout)}";

    /// <summary>Why a request got no answer, in a few words: the innermost cause an operator can act on.</summary>
    public static string Unreachable(Exception e, TimeSpan timeout)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SocketException s:
                    return s.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                        SocketError.TimedOut => TimedOut(timeout),
                        SocketError.ConnectionReset or SocketError.ConnectionAborted => "connection reset",
                        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                        _ => $"connection failed ({s.SocketErrorCode})",
                    };
                case AuthenticationException:
                    return "TLS handshake failed (certificate not trusted?)";
                case TimeoutException or TaskCanceledException:
                    return TimedOut(timeout);
                case HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return "connection closed without an answer";
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }:
                    return "TLS handshake failed";
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                    return "host not found";
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } when x.InnerException is null:
                    return "connection failed";
            }
        }
        return $"unreachable ({e.GetType().Name})";
    }

    /// <summary>At most <paramref name="max"/> characters of a server's own words, on one line.</summary>
    public static string Clip(string? text, int max = 80)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "";
        var line = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= max ? line : string.Concat(line.AsSpan(0, max - 1), "…");
    }
}
