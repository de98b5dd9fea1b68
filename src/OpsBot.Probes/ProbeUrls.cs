namespace OpsBot.Probes;

/// <summary>The URL rules the probes share, as "<c>Url</c>: message" problems for the options validator.</summary>
internal static class ProbeUrls
{
    /// <summary>An absolute http(s) URL; with <paramref name="httpsUnlessLoopback"/>, plain http only on a loopback host.</summary>
    public static IEnumerable<string> Problems(string? url, bool httpsUnlessLoopback)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            yield return "Url: is required";
            yield break;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"Url: '{Shown(url)}' must be an absolute http(s) URL";
            yield break;
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
            yield return "Url: must not carry credentials; put them in Token or Headers";
        if (httpsUnlessLoopback && uri.Scheme == "http" && !uri.IsLoopback)
            yield return $"Url: '{Shown(url)}' is plain http on a host that is not loopback; the headers would cross the network in clear: use https";
    }

    // A URL may hold a key in its query string: the problem names the URL without it.
    private static string Shown(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? url : url[..q] + "?…";
    }
}
