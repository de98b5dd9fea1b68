namespace OpsBot.Aws.Lambda;

/// <summary>Publishing was refused because the function is being updated (409 ResourceConflictException); it can be retried once that is done.</summary>
internal sealed class FunctionUpdateInProgressException(string message, Exception inner) : Exception(message, inner);
