using System.Net;

namespace OpsBot.Teams.Auth;

/// <summary>
/// The one exception to HTTPS: plain HTTP to a loopback address, which the sandbox and the tests serve on. Shared by the
/// options validator and the clients so a URL the validator lets through is one the clients accept.
/// </summary>
internal static class LoopbackUrls
{
    /// <summary>True for an absolute https URL, or an http one whose host is loopback (<c>127.0.0.1</c>, <c>[::1]</c>, <c>localhost</c>).</summary>
    public static bool IsHttpsOrLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && IsHttpsOrLoopback(uri);

    /// <inheritdoc cref="IsHttpsOrLoopback(string?)"/>
    public static bool IsHttpsOrLoopback(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri));

    /// <summary>True when the URL's host is a loopback address (an IP literal, or <c>localhost</c>).</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
