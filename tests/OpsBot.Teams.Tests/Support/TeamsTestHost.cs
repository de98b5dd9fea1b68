using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsBot.Core.Configuration;
using OpsBot.Core.Ports;
using OpsBot.Teams.Connector;
using OpsBot.Teams.Tests.Auth;
using OpsBot.Testing;

namespace OpsBot.Teams.Tests.Support;

/// <summary>
/// The Teams adapter on a TestServer (<c>AddTeams</c>/<c>MapTeams</c>) over OpsBot's real Core and SQLite storage
/// with the test fakes of AWS: inbound tokens are checked against <see cref="BotFrameworkIssuer"/>'s loopback metadata
/// (jose-signed), the Bot Connector is a <see cref="RecordingHandler"/> and the bot's own token a constant. The clock
/// is the issuer's (2030), so its tokens are current. alice and bob have Teams identities beside their Slack ones.
/// </summary>
public sealed class TeamsTestHost : IAsyncDisposable
{
    public const string Channel = "19:deploys@thread.tacv2";
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string AliceAad = "00000000-0000-0000-0000-0000000a11ce";
    public const string BobAad = "00000000-0000-0000-0000-000000000b0b";

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"opsbot-teams-{Guid.NewGuid():N}.db");

    private sealed class ConstantToken : IBotToken
    {
        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult("bot-token");

        public void Invalidate(string token)
        {
        }
    }

    public TimerWatchingTimeProvider Time { get; } = new(BotFrameworkIssuer.Now);

    public OpsBotOptions Options { get; } = TestOptions.Create();

    public FakeLambda Lambda { get; } = new();

    public RecordingHandler Connector { get; } = new();

    public WebApplication App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IDeploymentStore Store => App.Services.GetRequiredService<IDeploymentStore>();

    /// <param name="metadataUrl">Where the signing keys come from; the issuer's own loopback site when null.</param>
    public static async Task<TeamsTestHost> StartAsync(BotFrameworkIssuer issuer, string? metadataUrl = null)
    {
        var host = new TeamsTestHost();
        foreach (var (env, environment) in host.Options.Environments)
        {
            foreach (var (fn, function) in environment.Functions)
                host.Lambda.Seed(env, fn, versions: 5, live: "4", function.Alias);
        }
        host.Options.Channels.Add(new ChannelBinding { Id = Channel, Platform = "teams", Environment = "prod" });
        host.Options.Environments["prod"].AllowedChannels.Add(Channel);
        host.Options.People["alice"] = ["slack:U0ALICE", "teams:" + AliceAad];
        host.Options.People["bob"] = ["slack:U0BOB", "teams:" + BobAad];

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpsBot:Teams:AppId"] = BotFrameworkIssuer.AppId,
            ["OpsBot:Teams:AppPassword"] = "test-secret",
            ["OpsBot:Teams:TenantId"] = Tenant,
            ["OpsBot:Teams:OpenIdMetadataUrl"] = metadataUrl ?? issuer.NewSite("trusted", "plain").MetadataUrl,
        });
        var s = builder.Services;
        s.AddOpsBotForTests(host.Options, host.Time, host._database, host.Lambda);
        s.AddTeams(builder.Configuration);
        s.AddHttpClient(BotConnectorClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => host.Connector);
        s.AddSingleton<IBotToken>(new ConstantToken());

        host.App = builder.Build();
        host.App.MapTeams();
        await host.App.StartAsync();
        host.Client = host.App.GetTestClient();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_database + suffix);
    }
}
