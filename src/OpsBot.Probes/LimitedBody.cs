namespace OpsBot.Probes;

/// <summary>Reads at most so many bytes of an answer: a health answer is small, and a huge one is cut, not read whole.</summary>
internal static class LimitedBody
{
    public static async Task<string> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
            read += n;
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }
}
