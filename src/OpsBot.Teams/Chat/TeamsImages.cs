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
/// cards keep their chart that long — and deleting the row revokes it. Expired images are deleted (at most hourly,
/// when a new one is saved), so charts do not pile up in the database.
/// </summary>
internal sealed class TeamsImages(IChatDirectory directory, IOptions<TeamsOptions> options, TimeProvider time)
{
    private sealed record Stored(DateTimeOffset At, string Png);

    /// <summary>Expired images are deleted at most this often, when a new one is saved.</summary>
    public static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private DateTimeOffset _purged = DateTimeOffset.MinValue;

    public async Task<Uri> SaveAsync(byte[] png, CancellationToken cancellationToken)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await directory.SaveAsync(TeamsDirectory.Platform, Key(token), JsonSerializer.Serialize(new Stored(now, Convert.ToBase64String(png))), cancellationToken);
        if (now - _purged >= PurgeInterval)
        {
            _purged = now;
            await directory.PurgeAsync(TeamsDirectory.Platform, Key(""), now - options.Value.ImageLifetime, cancellationToken);
        }
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
