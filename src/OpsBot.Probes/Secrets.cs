namespace OpsBot.Probes;

/// <summary>
/// The last line of defence for a probe's secrets (the InfluxDB token, header values): whatever a server echoed back
/// into an error message, a result or a log line never carries them.
/// </summary>
internal sealed class Secrets
{
    private const string Mask = "***";

    // Very short values would mask innocent text ("1 ms"); a secret that short protects nothing anyway.
    private const int MinLength = 4;

    private readonly string[] _values;

    public Secrets(IEnumerable<string?> values) =>
        _values = [.. values.Where(v => v is { Length: >= MinLength }).Select(v => v!).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];

    public string Redact(string text)
    {
        foreach (var value in _values)
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        return text;
    }

    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    public OpsBot.Core.Ports.ProbeResult Redact(OpsBot.Core.Ports.ProbeResult result) => result with
    {
        Detail = Redact(result.Detail),
        Measured = RedactOrNull(result.Measured),
        Threshold = RedactOrNull(result.Threshold),
        Facts = [.. result.Facts.Select(Redact)],
    };
}
