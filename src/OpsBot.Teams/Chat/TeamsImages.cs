using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsBot.Core.Ports;

namespace OpsBot.Teams.Chat;

/// <summary>
/// Charts for cards: an Adaptive Card shows an image by URL (a data URI of a chart would blow the 28 KB budget), so
/// OpsBot keeps each PNG in the chat directory under an unguessable token (256 random bits) and serves it at
/// <c>{PublicBaseUrl}teams/images/{token}.png</c> until <see cref="TeamsOptions.ImageLifetime"/> has passed — old
/// cards keep their chart that long — and deleting the row revokes it.
/// </summary>
internal sealed class TeamsImages(IChatDirectory directory, IOptions<TeamsOptions> options, TimeProvider time)
{
    private sealed record Stored(DateTimeOffset At, string Png);

    public async Task<Uri> SaveAsync(byte[] png, CancellationToken cancellationToken)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await directory.SaveAsync(TeamsDirectory.Platform, Key(token), JsonSerializer.Serialize(new Stored(time.GetUtcNow(), Convert.ToBase64String(png))), cancellationToken);
        return new Uri(new Uri(options.Value.PublicBaseUrl), $"teams/images/{token}.png");
    }

    /// <summary>The PNG saved under <paramref name="token"/>, or null when there is none or it has expired.</summary>
    public async Task<byte[]?> ReadAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length != 43 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return null;
        if (await directory.GetAsync(TeamsDirectory.Platform, Key(token), cancellationToken) is not { } json ||
            JsonSerializer.Deserialize<Stored>(json) is not { } stored || time.GetUtcNow() - stored.At > options.Value.ImageLifetime)
            return null;
        return Convert.FromBase64String(stored.Png);
    }

    private static string Key(string token) => "image:" + token;
}
