namespace OpsBot.Teams.Auth;

/// <summary>
/// OpsBot could not get its own Bot Connector token. The message names the token URL and what the authority said
/// (HTTP status, AAD error and AADSTS code), never a credential; <see cref="IsRetryable"/> says whether trying again later may help.
/// </summary>
internal sealed class BotTokenException(string message, bool isRetryable, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>False when the authority refused the credentials or the request (4xx): only a configuration change helps.</summary>
    public bool IsRetryable { get; } = isRetryable;
}
