using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Slack.Tests.Support;

/// <summary>
/// Function versions that hold every caller (for the functions <paramref name="gated"/> picks, all by default) at a gate
/// until the test opens it, and say when one arrives: a slow AWS call, held for as long as the test needs.
/// </summary>
public sealed class GatedFunctionVersions(IFunctionVersions inner, Func<FunctionTarget, bool>? gated = null) : IFunctionVersions
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public bool IsOpen => _open.Task.IsCompleted;

    public async Task<IReadOnlyList<string>> ListAsync(FunctionTarget target, CancellationToken cancellationToken)
    {
        if (gated is not null && !gated(target))
            return await inner.ListAsync(target, cancellationToken);
        Entered.TrySetResult();
        await _open.Task.WaitAsync(cancellationToken);
        return await inner.ListAsync(target, cancellationToken);
    }

    public Task<string> PublishAsync(FunctionTarget target, string description, CancellationToken cancellationToken) =>
        inner.PublishAsync(target, description, cancellationToken);
}
