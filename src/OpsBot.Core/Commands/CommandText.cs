using OpsBot.Core.Identity;

namespace OpsBot.Core.Commands;

/// <summary>Limits on what a person types, and how an answer echoes it.</summary>
public static class CommandText
{
    /// <summary>How much of a typed token an answer repeats; the rest is cut with "…", so the explanation around it always fits.</summary>
    public const int EchoLength = 40;

    /// <summary>The longest free text (a reason) a command takes.</summary>
    public const int MaxFreeText = 500;

    /// <summary>
    /// A token a person typed, for an answer: at most <see cref="EchoLength"/> characters then "…", without control
    /// characters or reference brackets (so it cannot forge a mention). Markup is the platform's to escape.
    /// </summary>
    public static string Echo(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return "";
        var clean = new string([.. (ChatRefs.Clean(token) ?? "").Where(c => !char.IsControl(c))]);
        if (clean.Length <= EchoLength)
            return clean;
        var cut = EchoLength;
        if (char.IsHighSurrogate(clean[cut - 1]))
            cut--;
        return clean[..cut] + "…";
    }
}
