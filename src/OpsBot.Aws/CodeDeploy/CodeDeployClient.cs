using OpsBot.Aws.Http;

namespace OpsBot.Aws.CodeDeploy;

/// <summary>
/// The CodeDeploy API (awsJson1_1, <c>CodeDeploy_20141006.*</c>) as OpsBot needs it for Lambda deployments: create,
/// read, stop and list deployments, read a deployment group, and read or create deployment configurations.
/// Members are camelCase and timestamps epoch seconds, as the model says. Failures are <see cref="AwsServiceException"/>
/// with the model's error code (<c>DeploymentDoesNotExistException</c>, ...).
/// </summary>
internal sealed class CodeDeployClient(AwsTransport transport)
{
    public Task<CreateDeploymentOutput> CreateDeploymentAsync(AwsScope scope, CreateDeploymentInput input, CancellationToken cancellationToken) =>
        CallAsync<CreateDeploymentInput, CreateDeploymentOutput>(scope, "CreateDeployment", input, cancellationToken);

    public Task<GetDeploymentOutput> GetDeploymentAsync(AwsScope scope, GetDeploymentInput input, CancellationToken cancellationToken) =>
        CallAsync<GetDeploymentInput, GetDeploymentOutput>(scope, "GetDeployment", input, cancellationToken);

    public Task<StopDeploymentOutput> StopDeploymentAsync(AwsScope scope, StopDeploymentInput input, CancellationToken cancellationToken) =>
        CallAsync<StopDeploymentInput, StopDeploymentOutput>(scope, "StopDeployment", input, cancellationToken);

    /// <summary>One page of deployment ids.</summary>
    public Task<ListDeploymentsOutput> ListDeploymentsAsync(AwsScope scope, ListDeploymentsInput input, CancellationToken cancellationToken) =>
        CallAsync<ListDeploymentsInput, ListDeploymentsOutput>(scope, "ListDeployments", input, cancellationToken);

    /// <summary>Every deployment id that <paramref name="input"/> selects, following <c>nextToken</c> through all pages.</summary>
    public async Task<IReadOnlyList<string>> ListAllDeploymentsAsync(AwsScope scope, ListDeploymentsInput input, CancellationToken cancellationToken)
    {
        var all = new List<string>();
        var page = input with { NextToken = null };
        while (true)
        {
            var answer = await ListDeploymentsAsync(scope, page, cancellationToken);
            all.AddRange(answer.Deployments);
            // A repeated token would otherwise loop forever.
            if (string.IsNullOrEmpty(answer.NextToken) || answer.NextToken == page.NextToken)
                return all;
            page = page with { NextToken = answer.NextToken };
        }
    }

    public Task<GetDeploymentGroupOutput> GetDeploymentGroupAsync(AwsScope scope, GetDeploymentGroupInput input, CancellationToken cancellationToken) =>
        CallAsync<GetDeploymentGroupInput, GetDeploymentGroupOutput>(scope, "GetDeploymentGroup", input, cancellationToken);

    public Task<GetDeploymentConfigOutput> GetDeploymentConfigAsync(AwsScope scope, GetDeploymentConfigInput input, CancellationToken cancellationToken) =>
        CallAsync<GetDeploymentConfigInput, GetDeploymentConfigOutput>(scope, "GetDeploymentConfig", input, cancellationToken);

    public Task<CreateDeploymentConfigOutput> CreateDeploymentConfigAsync(AwsScope scope, CreateDeploymentConfigInput input,
        CancellationToken cancellationToken) =>
        CallAsync<CreateDeploymentConfigInput, CreateDeploymentConfigOutput>(scope, "CreateDeploymentConfig", input, cancellationToken);

    private Task<TOutput> CallAsync<TInput, TOutput>(AwsScope scope, string operation, TInput input, CancellationToken cancellationToken) =>
        transport.JsonRpcAsync<TInput, TOutput>(scope, AwsService.CodeDeploy, operation, input, AwsJson.Camel, cancellationToken);
}
