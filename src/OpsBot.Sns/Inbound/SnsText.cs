namespace OpsBot.Sns.Inbound;

/// <summary>
/// Values from a delivery as they may appear in an answer or a log line: short, and without control characters (a
/// forged field must not forge log lines).
/// </summary>
internal static class SnsText
{
    public static string Shorten(string? value, int max = 120)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        var shown = value.Length <= max ? value : value[..max] + "…";
        return string.Create(shown.Length, shown, (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
        });
    }
}
