using System.Globalization;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.AppConfig;

/// <summary>
/// AWS AppConfig (restJson1, API 2019-10-09) over <see cref="AwsTransport"/>: the applications, environments and
/// profiles a flag store is named by, the hosted store's versions, deployment strategies and deployments. Paths,
/// query names, headers and success codes follow botocore's <c>appconfig/2019-10-09/service-2.json</c>; failures are
/// <see cref="AwsServiceException"/> (<see cref="AppConfigError"/> reads their members).
/// </summary>
internal sealed class AppConfigClient(AwsTransport transport)
{
    /// <summary>The largest page the list operations allow.</summary>
    public const int MaxPageSize = 50;

    public Task<Applications> ListApplicationsAsync(AwsScope scope, ListApplicationsRequest input, CancellationToken cancellationToken) =>
        SendAsync<Applications>(Request(scope, "ListApplications", HttpMethod.Get, "/applications")
            .With("max_results", input.MaxResults).With("next_token", input.NextToken), cancellationToken);

    public Task<Environments> ListEnvironmentsAsync(AwsScope scope, ListEnvironmentsRequest input, CancellationToken cancellationToken) =>
        SendAsync<Environments>(Request(scope, "ListEnvironments", HttpMethod.Get, $"{ApplicationPath(input.ApplicationId)}/environments")
            .With("max_results", input.MaxResults).With("next_token", input.NextToken), cancellationToken);

    public Task<ConfigurationProfiles> ListConfigurationProfilesAsync(AwsScope scope, ListConfigurationProfilesRequest input, CancellationToken cancellationToken) =>
        SendAsync<ConfigurationProfiles>(Request(scope, "ListConfigurationProfiles", HttpMethod.Get, $"{ApplicationPath(input.ApplicationId)}/configurationprofiles")
            .With("max_results", input.MaxResults).With("next_token", input.NextToken).With("type", input.Type), cancellationToken);

    public Task<HostedConfigurationVersions> ListHostedConfigurationVersionsAsync(AwsScope scope, ListHostedConfigurationVersionsRequest input,
        CancellationToken cancellationToken) =>
        SendAsync<HostedConfigurationVersions>(Request(scope, "ListHostedConfigurationVersions", HttpMethod.Get, VersionsPath(input.ApplicationId, input.ConfigurationProfileId))
            .With("max_results", input.MaxResults).With("next_token", input.NextToken).With("version_label", input.VersionLabel), cancellationToken);

    /// <summary>The version's content is the raw body; everything else comes in response headers.</summary>
    public async Task<HostedConfigurationVersion> GetHostedConfigurationVersionAsync(AwsScope scope, GetHostedConfigurationVersionRequest input,
        CancellationToken cancellationToken)
    {
        var path = $"{VersionsPath(input.ApplicationId, input.ConfigurationProfileId)}/{input.VersionNumber.ToString(CultureInfo.InvariantCulture)}";
        var response = await transport.RestJsonAsync(Request(scope, "GetHostedConfigurationVersion", HttpMethod.Get, path), cancellationToken);
        return HostedVersion(response);
    }

    /// <summary>
    /// Stores <see cref="CreateHostedConfigurationVersionRequest.Content"/> as the next version (HTTP 201). With
    /// LatestVersionNumber set, AppConfig refuses with 409 ConflictException when that is no longer the latest version.
    /// </summary>
    public async Task<HostedConfigurationVersion> CreateHostedConfigurationVersionAsync(AwsScope scope, CreateHostedConfigurationVersionRequest input,
        CancellationToken cancellationToken)
    {
        var request = new AwsRequest
        {
            Service = AwsService.AppConfig,
            Operation = "CreateHostedConfigurationVersion",
            Scope = scope,
            Method = HttpMethod.Post,
            Path = VersionsPath(input.ApplicationId, input.ConfigurationProfileId),
            Body = input.Content,
            ContentType = input.ContentType,
        };
        AddHeader(request, "Description", input.Description);
        AddHeader(request, "Latest-Version-Number", input.LatestVersionNumber?.ToString(CultureInfo.InvariantCulture));
        AddHeader(request, "VersionLabel", input.VersionLabel);
        var response = await transport.RestJsonAsync(request, cancellationToken);
        return HostedVersion(response);
    }

    /// <summary>
    /// Starts deploying a version to an environment (HTTP 201); 409 ConflictException while another deployment is active
    /// there, or when LatestDeploymentNumber is set and is no longer the environment's newest deployment.
    /// </summary>
    public Task<Deployment> StartDeploymentAsync(AwsScope scope, StartDeploymentRequest input, CancellationToken cancellationToken) =>
        SendAsync<Deployment>(new AwsRequest
        {
            Service = AwsService.AppConfig,
            Operation = "StartDeployment",
            Scope = scope,
            Method = HttpMethod.Post,
            Path = DeploymentsPath(input.ApplicationId, input.EnvironmentId),
            Body = AwsProtocols.JsonBody(input, AppConfigJson.Options),
            ContentType = "application/json",
        }, cancellationToken);

    public Task<Deployment> GetDeploymentAsync(AwsScope scope, GetDeploymentRequest input, CancellationToken cancellationToken) =>
        SendAsync<Deployment>(Request(scope, "GetDeployment", HttpMethod.Get, DeploymentPath(input.ApplicationId, input.EnvironmentId, input.DeploymentNumber)),
            cancellationToken);

    /// <summary>
    /// Stops a DEPLOYING deployment (HTTP 202); with AllowRevert also one otherwise in progress (BAKING: ROLLED_BACK) and
    /// a COMPLETE one, reverted to the previous version (REVERTED).
    /// </summary>
    public Task<Deployment> StopDeploymentAsync(AwsScope scope, StopDeploymentRequest input, CancellationToken cancellationToken)
    {
        var request = Request(scope, "StopDeployment", HttpMethod.Delete, DeploymentPath(input.ApplicationId, input.EnvironmentId, input.DeploymentNumber));
        AddHeader(request, "Allow-Revert", input.AllowRevert switch { true => "true", false => "false", null => null });
        return SendAsync<Deployment>(request, cancellationToken);
    }

    /// <summary>The environment's deployments of every profile, newest first.</summary>
    public Task<Deployments> ListDeploymentsAsync(AwsScope scope, ListDeploymentsRequest input, CancellationToken cancellationToken) =>
        SendAsync<Deployments>(Request(scope, "ListDeployments", HttpMethod.Get, DeploymentsPath(input.ApplicationId, input.EnvironmentId))
            .With("max_results", input.MaxResults).With("next_token", input.NextToken), cancellationToken);

    public Task<DeploymentStrategies> ListDeploymentStrategiesAsync(AwsScope scope, ListDeploymentStrategiesRequest input, CancellationToken cancellationToken) =>
        SendAsync<DeploymentStrategies>(Request(scope, "ListDeploymentStrategies", HttpMethod.Get, "/deploymentstrategies")
            .With("max_results", input.MaxResults).With("next_token", input.NextToken), cancellationToken);

    public Task<IReadOnlyList<Application>> ListAllApplicationsAsync(AwsScope scope, CancellationToken cancellationToken) =>
        AppConfigPages.AllAsync<Application>(async token => await ListApplicationsAsync(scope, new(MaxPageSize, token), cancellationToken));

    public Task<IReadOnlyList<Environment>> ListAllEnvironmentsAsync(AwsScope scope, string applicationId, CancellationToken cancellationToken) =>
        AppConfigPages.AllAsync<Environment>(async token => await ListEnvironmentsAsync(scope, new(applicationId, MaxPageSize, token), cancellationToken));

    public Task<IReadOnlyList<ConfigurationProfileSummary>> ListAllConfigurationProfilesAsync(AwsScope scope, string applicationId, string? type,
        CancellationToken cancellationToken) =>
        AppConfigPages.AllAsync<ConfigurationProfileSummary>(async token =>
            await ListConfigurationProfilesAsync(scope, new(applicationId, type, MaxPageSize, token), cancellationToken));

    public Task<IReadOnlyList<HostedConfigurationVersionSummary>> ListAllHostedConfigurationVersionsAsync(AwsScope scope, string applicationId,
        string configurationProfileId, string? versionLabel, CancellationToken cancellationToken) =>
        AppConfigPages.AllAsync<HostedConfigurationVersionSummary>(async token =>
            await ListHostedConfigurationVersionsAsync(scope, new(applicationId, configurationProfileId, versionLabel, MaxPageSize, token), cancellationToken));

    public Task<IReadOnlyList<DeploymentSummary>> ListAllDeploymentsAsync(AwsScope scope, string applicationId, string environmentId,
        CancellationToken cancellationToken) =>
        AppConfigPages.AllAsync<DeploymentSummary>(async token =>
            await ListDeploymentsAsync(scope, new(applicationId, environmentId, MaxPageSize, token), cancellationToken));

    public Task<IReadOnlyList<DeploymentStrategy>> ListAllDeploymentStrategiesAsync(AwsScope scope, CancellationToken cancellationToken) =>
        AppConfigPages.AllAsync<DeploymentStrategy>(async token => await ListDeploymentStrategiesAsync(scope, new(MaxPageSize, token), cancellationToken));

    private async Task<T> SendAsync<T>(AwsRequest request, CancellationToken cancellationToken)
    {
        var response = await transport.RestJsonAsync(request, cancellationToken);
        return AwsProtocols.Read<T>(response, AppConfigJson.Options);
    }

    private static AwsRequest Request(AwsScope scope, string operation, HttpMethod method, string path) =>
        new() { Service = AwsService.AppConfig, Operation = operation, Scope = scope, Method = method, Path = path };

    private static string ApplicationPath(string applicationId) => $"/applications/{AwsProtocols.Label(applicationId)}";

    private static string VersionsPath(string applicationId, string profileId) =>
        $"{ApplicationPath(applicationId)}/configurationprofiles/{AwsProtocols.Label(profileId)}/hostedconfigurationversions";

    private static string DeploymentsPath(string applicationId, string environmentId) =>
        $"{ApplicationPath(applicationId)}/environments/{AwsProtocols.Label(environmentId)}/deployments";

    private static string DeploymentPath(string applicationId, string environmentId, int number) =>
        $"{DeploymentsPath(applicationId, environmentId)}/{number.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Adds a header member when it has a value. HTTP headers carry ASCII only (HttpClient refuses anything else), so a
    /// character outside printable ASCII, a line break included, becomes '?' rather than failing the call.
    /// </summary>
    private static void AddHeader(AwsRequest request, string name, string? value)
    {
        if (value is null)
            return;
        request.Headers[name] = string.Create(value.Length, value, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
                span[i] = text[i] is >= ' ' and <= '~' ? text[i] : '?';
        });
    }

    private static HostedConfigurationVersion HostedVersion(AwsResponse response) => new(
        response.Header("Application-Id"),
        response.Header("Configuration-Profile-Id"),
        int.TryParse(response.Header("Version-Number"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null,
        response.Header("Description"),
        response.Body,
        response.Header("Content-Type"),
        response.Header("VersionLabel"),
        response.Header("KmsKeyArn"));
}
