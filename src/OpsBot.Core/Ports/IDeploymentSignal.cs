using Microsoft.Extensions.Options;
using OpsBot.Core.Access;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Ports;

/// <summary>Asks the runner to act on a deployment now rather than at its next poll (after a committed change).</summary>
public interface IDeploymentSignal
{
    void Wake(string deploymentId);
}
