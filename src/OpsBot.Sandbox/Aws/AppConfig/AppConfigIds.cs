using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>
/// AppConfig ids: 7 lower-case letters and digits, like AWS's. Derived from what they name (a hash, not chance), so
/// the sandbox's application, environments and profiles keep their ids across restarts and configuration can name them.
/// </summary>
internal static class AppConfigIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The id of <paramref name="what"/>, one that <paramref name="taken"/> does not hold yet.</summary>
    public static string For(string what, ISet<string> taken)
    {
        for (var salt = 0; ; salt++)
        {
            var hash = Jitter.Fnv(salt == 0 ? what : $"{what}#{salt}");
            var id = new char[7];
            for (var i = 0; i < id.Length; i++)
            {
                id[i] = Alphabet[(int)(hash % (ulong)Alphabet.Length)];
                hash /= (ulong)Alphabet.Length;
            }
            var text = new string(id);
            if (taken.Add(text))
                return text;
        }
    }
}
