using OpsBot.Core.Deployments;

namespace OpsBot.Core.Ports;

/// <summary>A function's published versions.</summary>
public interface IFunctionVersions
{
    /// <summary>Published version numbers, oldest first (without <c>$LATEST</c>).</summary>
    Task<IReadOnlyList<string>> ListAsync(FunctionTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes <c>$LATEST</c> as a new version and returns its number; when <c>$LATEST</c> holds no new code, Lambda
    /// publishes nothing and returns the latest existing version.
    /// </summary>
    Task<string> PublishAsync(FunctionTarget target, string description, CancellationToken cancellationToken);
}

/// <summary>The function or version does not exist.</summary>
public sealed class FunctionNotFoundException(string message) : Exception(message);
