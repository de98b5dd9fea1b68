using System.Text.RegularExpressions;

namespace OpsBot.Sns.Verification;

/// <summary>
/// One entry of <see cref="SnsOptions.CertificateHosts"/>: a host whose <c>*</c> stands for part of one DNS label,
/// and a port (none: 443 only; <c>*</c>: any).
/// </summary>
internal sealed class HostPattern
{
    private readonly Regex _host;
    private readonly int? _port;
    private readonly bool _anyPort;

    private HostPattern(Regex host, int? port, bool anyPort)
    {
        _host = host;
        _port = port;
        _anyPort = anyPort;
    }

    public static bool TryParse(string? pattern, out HostPattern? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(pattern))
            return false;
        var host = pattern.Trim();
        int? port = null;
        var anyPort = false;
        var colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            var portText = host[(colon + 1)..];
            host = host[..colon];
            if (portText == "*")
                anyPort = true;
            else if (int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535)
                port = p;
            else
                return false;
        }
        var labels = host.Split('.');
        if (labels.Any(l => l.Length == 0 || !l.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '*')))
            return false;
        var regex = "^" + string.Join(@"\.", labels.Select(l => Regex.Escape(l).Replace(@"\*", "[a-z0-9-]+", StringComparison.Ordinal))) + @"\z";
        parsed = new HostPattern(new Regex(regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)), port, anyPort);
        return true;
    }

    public bool Matches(Uri url) =>
        _host.IsMatch(url.IdnHost) && (_anyPort || url.Port == (_port ?? 443));
}
