using OpsBot.Core.Ports;

namespace OpsBot.Aws.CodeDeploy;

/// <summary>
/// CodeDeploy's <c>DeploymentStatus</c> values and what they mean to OpsBot:
/// <list type="bullet">
/// <item><c>Created</c>, <c>Queued</c>, <c>InProgress</c>, <c>Baking</c>, <c>Ready</c> → <see cref="DelegatedStatus.InProgress"/> (CodeDeploy still owns the alias);</item>
/// <item><c>Succeeded</c> → <see cref="DelegatedStatus.Succeeded"/>;</item>
/// <item><c>Failed</c> → <see cref="DelegatedStatus.Failed"/>, with the message from <c>errorInformation</c> (code: message);</item>
/// <item><c>Stopped</c> → <see cref="DelegatedStatus.Stopped"/>, with <c>errorInformation</c> when there is one.</item>
/// </list>
/// Any other value is an error rather than a guess: OpsBot must not mirror a state it does not understand.
/// </summary>
internal static class CodeDeployStatus
{
    public const string Created = "Created";
    public const string Queued = "Queued";
    public const string InProgress = "InProgress";
    public const string Baking = "Baking";
    public const string Ready = "Ready";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Stopped = "Stopped";

    /// <summary>The statuses of a deployment that has not finished (the ones that block starting another).</summary>
    public static IReadOnlyList<string> Unfinished { get; } = [Created, Queued, InProgress, Baking, Ready];

    public static DelegatedDeployment ToDelegated(string id, DeploymentInfo info) => info.Status switch
    {
        Created or Queued or InProgress or Baking or Ready => new(id, DelegatedStatus.InProgress),
        Succeeded => new(id, DelegatedStatus.Succeeded),
        Failed => new(id, DelegatedStatus.Failed, Describe(info.ErrorInformation) ?? "no reason given"),
        Stopped => new(id, DelegatedStatus.Stopped, Describe(info.ErrorInformation)),
        var other => throw new InvalidOperationException($"CodeDeploy answered status '{other}' for deployment {id}, which OpsBot does not know."),
    };

    private static string? Describe(ErrorInformation? error) => error switch
    {
        null => null,
        { Code: { Length: > 0 } code, Message: { Length: > 0 } message } => $"{code}: {message}",
        { Code: { Length: > 0 } code } => code,
        { Message: { Length: > 0 } message } => message,
        _ => null,
    };
}
