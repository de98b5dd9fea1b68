using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpsBot.Sns.Tests;

public sealed class SnsExtensionsTests
{
    [Fact]
    public void Without_configuration_the_certificate_hosts_are_AWS_s() =>
        Assert.Equal(["sns.*.amazonaws.com", "sns.*.amazonaws.com.cn"], Options(new Dictionary<string, string?>()).CertificateHosts);

    [Fact]
    public void A_configured_host_list_replaces_AWS_s_rather_than_adding_to_it()
    {
        var options = Options(new Dictionary<string, string?>
        {
            ["OpsBot:Sns:CertificateHosts:0"] = "127.0.0.1:*",
            ["OpsBot:Sns:PinnedCertificateThumbprints:0"] = new string('a', 64),
        });

        Assert.Equal(["127.0.0.1:*"], options.CertificateHosts);
        Assert.Equal([new string('a', 64)], options.PinnedCertificateThumbprints);
    }

    private static SnsOptions Options(Dictionary<string, string?> settings)
    {
        using var provider = new ServiceCollection().AddLogging()
            .AddSns(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SnsOptions>>().Value;
    }
}
