using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Slack.Tests.Support;

/// <summary>Function versions that hold every caller at a gate until the test opens it, and say when one arrives.</summary>
public sealed class GatedFunctionVersions(IFunctionVersions inner) : IFunctionVersions
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public async Task<IReadOnlyList<string>> ListAsync(FunctionTarget target, CancellationToken cancellationToken)
    {
        Entered.TrySetResult();
        await _open.Task.WaitAsync(cancellationToken);
        return await inner.ListAsync(target, cancellationToken);
    }

    public Task<string> PublishAsync(FunctionTarget target, string description, CancellationToken cancellationToken) =>
        inner.PublishAsync(target, description, cancellationToken);
}
