using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Aws.Lambda;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.Lambda;

public sealed class LambdaRegistrationTests
{
    [Fact]
    public void The_lambda_ports_resolve_to_the_real_adapters_over_the_transport_from_di()
    {
        var services = new ServiceCollection().AddSingleton(TestAws.Transport(new RecordingHandler()));
        services.AddSingleton<ITrafficRouter, Placeholder>(); // registered earlier, e.g. by the host
        services.AddAwsLambda();
        services.TryAddSingleton<IFunctionVersions, Placeholder>(); // a fallback registered later

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<LambdaAliasRouter>(provider.GetRequiredService<ITrafficRouter>());
        Assert.IsType<LambdaFunctionVersions>(provider.GetRequiredService<IFunctionVersions>());
        Assert.Same(provider.GetRequiredService<LambdaClient>(), provider.GetRequiredService<LambdaClient>());
    }

    private sealed class Placeholder : ITrafficRouter, IFunctionVersions
    {
        public Task<AliasTraffic> ReadAsync(FunctionTarget target, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AliasTraffic> RouteAsync(FunctionTarget target, AliasRoute route, string expectedRevisionId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ListAsync(FunctionTarget target, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string> PublishAsync(FunctionTarget target, string description, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
