using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Core.Alarms;
using OpsBot.Core.Ports;
using OpsBot.Sns.Inbound;
using OpsBot.Sns.Verification;
using OpsBot.Storage;

namespace OpsBot.Sns.Tests.Support;

/// <summary>
/// A minimal web host on a TestServer: the SNS adapter through <c>AddSns</c>/<c>MapSns</c>, OpsBot's SQLite store for
/// the MessageIds, a <see cref="RecordingAlarmIntake"/> for Core, <see cref="FakeSnsWeb"/> behind the adapter's HTTP
/// client, and a fake clock at <see cref="SnsMessages.Now"/>. Started again on the same database, it is the same bot
/// after a restart.
/// </summary>
internal sealed class SnsTestHost : IAsyncDisposable
{
    private readonly bool _ownsDatabase;

    private SnsTestHost(string database, bool ownsDatabase, RecordingAlarmIntake intake, FakeSnsWeb web, FakeTimeProvider time)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        Intake = intake;
        Web = web;
        Time = time;
    }

    public string Database { get; }

    public RecordingAlarmIntake Intake { get; }

    public FakeSnsWeb Web { get; }

    public FakeTimeProvider Time { get; }

    public WebApplication App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    internal SigningCertificateCache Certificates => App.Services.GetRequiredService<SigningCertificateCache>();

    /// <param name="settings">OpsBot:Sns settings and the like.</param>
    /// <param name="store">Replaces the idempotency store (a failing one).</param>
    /// <param name="restartOf">Runs on that host's database, intake, web and clock: the same bot, restarted.</param>
    public static async Task<SnsTestHost> StartAsync(IDictionary<string, string?>? settings = null, Func<IIdempotencyStore, IIdempotencyStore>? store = null,
        SnsTestHost? restartOf = null)
    {
        var host = restartOf is null
            ? new SnsTestHost(Path.Combine(Path.GetTempPath(), $"opsbot-sns-{Guid.NewGuid():N}.db"), true, new RecordingAlarmIntake(), new FakeSnsWeb(), new FakeTimeProvider(SnsMessages.Now))
            : new SnsTestHost(restartOf.Database, false, restartOf.Intake, restartOf.Web, restartOf.Time);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());

        var s = builder.Services;
        s.AddSingleton<TimeProvider>(host.Time);
        s.AddSqliteStorage($"Data Source={host.Database}");
        if (store is not null)
        {
            var sqlite = s.Single(d => d.ServiceType == typeof(IIdempotencyStore)).ImplementationFactory!;
            s.RemoveAll<IIdempotencyStore>();
            s.AddSingleton(sp => store((IIdempotencyStore)sqlite(sp)));
        }
        s.AddSingleton<IAlarmIntake>(host.Intake);
        s.AddSns(builder.Configuration);
        s.AddHttpClient(SigningCertificateCache.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => host.Web);

        host.App = builder.Build();
        host.App.MapSns();
        await host.App.StartAsync();
        host.Client = host.App.GetTestClient();
        return host;
    }

    /// <summary>Posts a delivery as SNS does: JSON as text/plain, with its type in x-amz-sns-message-type.</summary>
    public Task<HttpResponseMessage> PostAsync(JsonObject message) => PostAsync(message.ToJsonString(), message["Type"]?.GetValue<string>());

    public async Task<HttpResponseMessage> PostAsync(string body, string? messageType = null, Action<HttpRequestMessage>? request = null)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, "/sns/alarms")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        post.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain; charset=UTF-8");
        if (messageType is not null)
            post.Headers.TryAddWithoutValidation("x-amz-sns-message-type", messageType);
        post.Headers.UserAgent.ParseAdd("Amazon Simple Notification Service Agent");
        request?.Invoke(post);
        return await Client.SendAsync(post);
    }

    /// <summary>
    /// Hands a delivery straight to the endpoint's handler (the host's services, no HTTP in between): what a flood of
    /// requests would get, at a fraction of the cost. Answers the status and text it would send.
    /// </summary>
    public async Task<(int Status, string Text)> HandleAsync(string body)
    {
        var context = new DefaultHttpContext { RequestServices = App.Services };
        context.Request.Method = "POST";
        context.Request.Path = "/sns/alarms";
        context.Request.ContentType = "text/plain; charset=UTF-8";
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        var result = await App.Services.GetRequiredService<SnsAlarmEndpoint>().HandleAsync(context, Intake);
        return (((IStatusCodeHttpResult)result).StatusCode ?? 200, ((ContentHttpResult)result).ResponseContent ?? "");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        if (!_ownsDatabase)
            return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(Database + suffix);
    }
}
