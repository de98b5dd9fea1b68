namespace OpsBot.Teams.Connector;

/// <summary>A Bot Connector call that failed for good: its HTTP status (0 when none came) and Teams' error code and message.</summary>
internal sealed class ConnectorException(string call, int status, string? code, string? detail, Exception? inner = null)
    : Exception($"Teams {call} failed: {(status == 0 ? "no answer" : $"HTTP {status}")}{(code is null ? "" : $" {code}")}{(detail is null ? "" : $" ({detail})")}", inner)
{
    public int Status { get; } = status;

    /// <summary>Trying again cannot help: the conversation is gone, the bot is not in it, the activity is malformed or too large.</summary>
    public bool IsPermanent => Status is 400 or 403 or 404 or 405 or 413;
}
