using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Cli;
using OpsBot.Core.Alarms;

namespace OpsBot.Tests.Hosting;

/// <summary>The host maps <c>POST /sns/alarms</c> with the SNS adapter in front of Core's alarm intake.</summary>
public sealed class SnsHostTests
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:opsbot-alarms-prod";

    [Fact]
    public async Task The_host_answers_SNS_deliveries_at_sns_alarms_and_refuses_what_is_not_SNS_s()
    {
        var intake = new TopicOnlyIntake();
        await using var factory = new OpsBotFactory();
        await using var bot = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.RemoveAll<IAlarmIntake>().AddSingleton<IAlarmIntake>(intake)));
        using var client = bot.CreateClient();

        var notJson = await PostAsync(client, "not json");
        var otherTopic = await PostAsync(client, Envelope("arn:aws:sns:us-east-1:999999999999:other", "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-a.pem"));
        var plainHttpCertificate = await PostAsync(client, Envelope(Topic, "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-a.pem"));

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherTopic.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, plainHttpCertificate.StatusCode);
        Assert.Equal(0, intake.Received);
    }

    [Fact]
    public async Task A_bad_sns_setting_stops_the_start_and_is_named()
    {
        var error = new StringWriter();
        var code = await OpsBotCommandLine.Create()
            .Parse(["serve", "--OpsBot:Sns:CertificateHosts:0=https://sns.example.com", "--OpsBot:Sns:PinnedCertificateThumbprints:0=abc",
                "--OpsBot:Storage:ConnectionString=Data Source=/tmp/opsbot-composition-bad-sns.db", "--urls=http://127.0.0.1:0"])
            .InvokeAsync(new InvocationConfiguration { Error = error, EnableDefaultExceptionHandler = false });

        Assert.Equal(2, code);
        Assert.Contains("OpsBot:Sns:CertificateHosts: 'https://sns.example.com' is not a host pattern", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("OpsBot:Sns:PinnedCertificateThumbprints: 'abc' is not a SHA-256 thumbprint", error.ToString(), StringComparison.Ordinal);
    }

    private static string Envelope(string topic, string certificateUrl) => new JsonObject
    {
        ["Type"] = "Notification",
        ["MessageId"] = "0b9a4c1e-2f4d-5a6b-8c7d-9e0f1a2b3c4d",
        ["TopicArn"] = topic,
        ["Message"] = "{}",
        ["Timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["SignatureVersion"] = "2",
        ["Signature"] = Convert.ToBase64String(new byte[256]),
        ["SigningCertURL"] = certificateUrl,
    }.ToJsonString();

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string body) =>
        client.PostAsync("/sns/alarms", new StringContent(body, Encoding.UTF8, "text/plain"));

    /// <summary>Knows one topic and counts what it receives (nothing, here).</summary>
    private sealed class TopicOnlyIntake : IAlarmIntake
    {
        private int _received;

        public int Received => _received;

        public string? EnvironmentOf(string topicArn) => topicArn == Topic ? "prod" : null;

        public Task<AlarmOutcome> ReceiveAsync(AlarmEvent alarm, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _received);
            return Task.FromResult(AlarmOutcome.IncidentOpened);
        }
    }
}
