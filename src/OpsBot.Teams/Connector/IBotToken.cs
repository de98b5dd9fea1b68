namespace OpsBot.Teams.Connector;

/// <summary>The bot's own bearer token for the Bot Connector (client credentials), cached by whoever implements it.</summary>
internal interface IBotToken
{
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>Drops <paramref name="token"/> after the connector refused it (401), so the next call gets a fresh one.</summary>
    void Invalidate(string token);
}
