using OpsBot.Aws.Http;

namespace OpsBot.Aws.Lambda;

/// <summary>
/// The Lambda API (restJson1, 2015-03-31) as OpsBot needs it: aliases and their weighted routing, published versions
/// and a function's configuration. Methods, URIs, query names and body members are the botocore model's; function
/// names (or ARNs) and alias names are escaped as path labels. Failures are <see cref="AwsServiceException"/>.
/// </summary>
internal sealed class LambdaClient(AwsTransport transport)
{
    private const string Functions = "/2015-03-31/functions/";

    /// <summary><c>GET /2015-03-31/functions/{FunctionName}/aliases/{Name}</c> → 200.</summary>
    public async Task<AliasConfiguration> GetAliasAsync(AwsScope scope, GetAliasRequest request, CancellationToken cancellationToken)
    {
        var call = Call(scope, "GetAlias", HttpMethod.Get, AliasPath(request.FunctionName, request.Name));
        return Read<AliasConfiguration>(await transport.RestJsonAsync(call, cancellationToken));
    }

    /// <summary><c>PUT /2015-03-31/functions/{FunctionName}/aliases/{Name}</c> → 200; a stale RevisionId answers 412.</summary>
    public async Task<AliasConfiguration> UpdateAliasAsync(AwsScope scope, UpdateAliasRequest request, CancellationToken cancellationToken)
    {
        var call = Call(scope, "UpdateAlias", HttpMethod.Put, AliasPath(request.FunctionName, request.Name), AwsProtocols.JsonBody(request, AwsJson.Pascal));
        return Read<AliasConfiguration>(await transport.RestJsonAsync(call, cancellationToken));
    }

    /// <summary><c>POST /2015-03-31/functions/{FunctionName}/versions</c> → 201.</summary>
    public async Task<FunctionConfiguration> PublishVersionAsync(AwsScope scope, PublishVersionRequest request, CancellationToken cancellationToken)
    {
        var call = Call(scope, "PublishVersion", HttpMethod.Post, FunctionPath(request.FunctionName) + "/versions", AwsProtocols.JsonBody(request, AwsJson.Pascal));
        return Read<FunctionConfiguration>(await transport.RestJsonAsync(call, cancellationToken));
    }

    /// <summary><c>GET /2015-03-31/functions/{FunctionName}/versions?Marker=&amp;MaxItems=</c> → 200: one page.</summary>
    public async Task<ListVersionsByFunctionResponse> ListVersionsByFunctionAsync(AwsScope scope, ListVersionsByFunctionRequest request,
        CancellationToken cancellationToken)
    {
        var call = Call(scope, "ListVersionsByFunction", HttpMethod.Get, FunctionPath(request.FunctionName) + "/versions")
            .With("Marker", request.Marker)
            .With("MaxItems", request.MaxItems);
        return Read<ListVersionsByFunctionResponse>(await transport.RestJsonAsync(call, cancellationToken));
    }

    /// <summary>Every version of the function (<c>$LATEST</c> included), following <c>NextMarker</c> through all pages.</summary>
    public async Task<IReadOnlyList<FunctionConfiguration>> ListAllVersionsByFunctionAsync(AwsScope scope, string functionName,
        CancellationToken cancellationToken)
    {
        var all = new List<FunctionConfiguration>();
        string? marker = null;
        do
        {
            var page = await ListVersionsByFunctionAsync(scope, new ListVersionsByFunctionRequest(functionName) { Marker = marker }, cancellationToken);
            all.AddRange(page.Versions);
            marker = NextMarker(page.NextMarker, marker);
        }
        while (marker is not null);
        return all;
    }

    /// <summary><c>GET /2015-03-31/functions/{FunctionName}/aliases?FunctionVersion=&amp;Marker=&amp;MaxItems=</c> → 200: one page.</summary>
    public async Task<ListAliasesResponse> ListAliasesAsync(AwsScope scope, ListAliasesRequest request, CancellationToken cancellationToken)
    {
        var call = Call(scope, "ListAliases", HttpMethod.Get, FunctionPath(request.FunctionName) + "/aliases")
            .With("FunctionVersion", request.FunctionVersion)
            .With("Marker", request.Marker)
            .With("MaxItems", request.MaxItems);
        return Read<ListAliasesResponse>(await transport.RestJsonAsync(call, cancellationToken));
    }

    /// <summary>Every alias of the function (of <paramref name="functionVersion"/> only, when given), through all pages.</summary>
    public async Task<IReadOnlyList<AliasConfiguration>> ListAllAliasesAsync(AwsScope scope, string functionName, string? functionVersion,
        CancellationToken cancellationToken)
    {
        var all = new List<AliasConfiguration>();
        string? marker = null;
        do
        {
            var page = await ListAliasesAsync(scope, new ListAliasesRequest(functionName) { FunctionVersion = functionVersion, Marker = marker }, cancellationToken);
            all.AddRange(page.Aliases);
            marker = NextMarker(page.NextMarker, marker);
        }
        while (marker is not null);
        return all;
    }

    /// <summary><c>GET /2015-03-31/functions/{FunctionName}/configuration?Qualifier=</c> → 200.</summary>
    public async Task<FunctionConfiguration> GetFunctionConfigurationAsync(AwsScope scope, GetFunctionConfigurationRequest request,
        CancellationToken cancellationToken)
    {
        var call = Call(scope, "GetFunctionConfiguration", HttpMethod.Get, FunctionPath(request.FunctionName) + "/configuration")
            .With("Qualifier", request.Qualifier);
        return Read<FunctionConfiguration>(await transport.RestJsonAsync(call, cancellationToken));
    }

    private static string FunctionPath(string functionName) => Functions + AwsProtocols.Label(functionName);

    private static string AliasPath(string functionName, string alias) => FunctionPath(functionName) + "/aliases/" + AwsProtocols.Label(alias);

    private static AwsRequest Call(AwsScope scope, string operation, HttpMethod method, string path, byte[]? body = null) => new()
    {
        Service = AwsService.Lambda,
        Operation = operation,
        Scope = scope,
        Method = method,
        Path = path,
        Body = body,
        ContentType = body is null ? null : "application/json",
    };

    private static T Read<T>(AwsResponse response) => AwsProtocols.Read<T>(response, AwsJson.Pascal);

    /// <summary>The marker of the next page, or null at the end; a service that repeats a marker would otherwise loop forever.</summary>
    private static string? NextMarker(string? next, string? current) =>
        string.IsNullOrEmpty(next) || next == current ? null : next;
}
