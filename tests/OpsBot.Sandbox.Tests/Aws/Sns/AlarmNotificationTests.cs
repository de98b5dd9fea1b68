using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.CloudWatch;
using OpsBot.Sandbox.Aws.Sns;
using OpsBot.Testing;

namespace OpsBot.Sandbox.Tests.Aws.Sns;

/// <summary>
/// CloudWatch's alarm actions through SNS to a subscribed endpoint, as the bot's <c>/sns/alarms</c> gets them: every
/// seeded alarm notifies the world's <c>opsbot-alarms</c> topic on ALARM and on OK; a fault on the live version puts
/// <c>&lt;fn&gt;-error-rate</c> into ALARM within two 10-second periods and back to OK after it clears; each transition arrives
/// as a signed Notification whose Message is CloudWatch's alarm JSON, member for member; and Node's crypto, fetching the
/// certificate from the SigningCertURL over the pinned TLS host, verifies every signature.
/// </summary>
public sealed class AlarmNotificationTests : IAsyncLifetime
{
    private const string Fn = "lambda_router";
    private const string AlarmTopic = "arn:aws:sns:us-east-1:000000000000:opsbot-alarms";
    private static readonly TimeSpan TwoPeriods = TimeSpan.FromSeconds(2 * AlarmSeed.PeriodSeconds);

    private EmulatorWorld _world = null!;
    private RawAws _aws = null!;
    private SnsEndpointStub _bot = null!;
    private readonly HttpClient _http = new();

    private SnsPublicHost Host => _world.Get<SnsPublicHost>();

    public async Task InitializeAsync()
    {
        _world = await EmulatorWorld.StartAsync();
        _aws = new RawAws(_world.BaseUrl, _world.Time);
        _bot = await SnsEndpointStub.StartAsync();
        await _aws.SnsAsync("Subscribe", ("TopicArn", AlarmTopic), ("Protocol", "http"), ("Endpoint", _bot.Url.ToString()));
        var confirmation = await _bot.FirstAsync("SubscriptionConfirmation");
        using var https = SnsTesting.Pinned(Host.TlsCertificateSha256);
        (await https.GetAsync((string)confirmation.Json["SubscribeURL"]!)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task A_fault_on_the_live_version_notifies_ALARM_within_two_periods_and_OK_once_it_clears()
    {
        _world.Run(TimeSpan.FromSeconds(30));
        var healthy = await AlarmAsync($"{Fn}-error-rate", "OK");
        Assert.Equal("INSUFFICIENT_DATA", (string?)healthy.Message["OldStateValue"]);

        var fault = await _http.PostAsJsonAsync(new Uri(_world.SandboxUrl, "sandbox/faults"), new { environment = "prod", function = Fn, version = "4", errorRate = 0.5 });
        Assert.Equal(HttpStatusCode.OK, fault.StatusCode);
        var alarmedAfter = RunUntil($"{Fn}-error-rate", "ALARM");
        var changedAt = _world.Time.GetUtcNow();
        var alarm = await AlarmAsync($"{Fn}-error-rate", "ALARM");

        Assert.InRange(alarmedAfter, TimeSpan.FromSeconds(AlarmSeed.PeriodSeconds), TwoPeriods);
        Assert.Equal($"ALARM: \"{Fn}-error-rate\" in US East (N. Virginia)", (string?)alarm.Json["Subject"]);
        var message = alarm.Message;
        Assert.Equal(["AlarmName", "AlarmDescription", "AWSAccountId", "AlarmConfigurationUpdatedTimestamp", "NewStateValue", "NewStateReason", "StateChangeTime",
            "Region", "AlarmArn", "OldStateValue", "OKActions", "AlarmActions", "InsufficientDataActions", "Trigger"], message.Select(m => m.Key));
        Assert.Equal(($"{Fn}-error-rate", $"Error rate of {Fn}:live above 5% for 2 periods of 10 s (sandbox)", "000000000000", "2026-11-27T08:00:00.000+0000"),
            ((string?)message["AlarmName"], (string?)message["AlarmDescription"], (string?)message["AWSAccountId"], (string?)message["AlarmConfigurationUpdatedTimestamp"]));
        Assert.Equal(("ALARM", "OK", AlarmJudgement.IsoTime(changedAt), "US East (N. Virginia)", $"arn:aws:cloudwatch:us-east-1:000000000000:alarm:{Fn}-error-rate"),
            ((string?)message["NewStateValue"], (string?)message["OldStateValue"], (string?)message["StateChangeTime"], (string?)message["Region"], (string?)message["AlarmArn"]));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$", (string?)message["StateChangeTime"]);
        Assert.Matches(@"^Threshold Crossed: 2 out of the last 2 datapoints \[\d+\.\d+ \(27/11/26 08:00:\d0\), \d+\.\d+ \(27/11/26 08:00:\d0\)\] were greater than the threshold \(5\.0\) \(minimum 2 datapoints for OK -> ALARM transition\)\.$",
            (string?)message["NewStateReason"]);
        Assert.Equal(($"[\"{AlarmTopic}\"]", $"[\"{AlarmTopic}\"]", "[]"),
            (message["OKActions"]!.ToJsonString(), message["AlarmActions"]!.ToJsonString(), message["InsufficientDataActions"]!.ToJsonString()));
        var trigger = message["Trigger"]!.AsObject();
        Assert.Equal(["Period", "EvaluationPeriods", "DatapointsToAlarm", "ComparisonOperator", "Threshold", "TreatMissingData", "EvaluateLowSampleCountPercentile", "Metrics"],
            trigger.Select(m => m.Key));
        Assert.Contains("\"Threshold\":5.0,", (string)alarm.Json["Message"]!, StringComparison.Ordinal);
        Assert.Equal((10, 2, 2, "GreaterThanThreshold", "missing"),
            ((int)trigger["Period"]!, (int)trigger["EvaluationPeriods"]!, (int)trigger["DatapointsToAlarm"]!, (string?)trigger["ComparisonOperator"], (string?)trigger["TreatMissingData"]));
        Assert.Equal("errors / invocations * 100", (string?)trigger["Metrics"]!.AsArray().Single(m => m!["Expression"] is not null)!["Expression"]);

        Assert.Equal(HttpStatusCode.OK, (await _http.DeleteAsync(new Uri(_world.SandboxUrl, $"sandbox/faults?environment=prod&function={Fn}&version=4"))).StatusCode);
        var recoveredAfter = RunUntil($"{Fn}-error-rate", "OK");
        var recovered = await _bot.FirstAsync(r => IsAlarm(r, $"{Fn}-error-rate", "OK") && (string?)r.Message["OldStateValue"] == "ALARM", "the OK after the ALARM");

        Assert.InRange(recoveredAfter, TimeSpan.FromSeconds(1), TwoPeriods);
        Assert.Equal($"OK: \"{Fn}-error-rate\" in US East (N. Virginia)", (string?)recovered.Json["Subject"]);
        Assert.StartsWith("Threshold Crossed: 1 out of the last 2 datapoints", (string?)recovered.Message["NewStateReason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_metric_alarm_carries_its_metric_in_the_trigger_as_CloudWatch_writes_it()
    {
        _world.Run(TimeSpan.FromSeconds(12));
        _world.Get<OpsBot.Sandbox.Aws.Traffic.TrafficFaults>().Set(Fn, "4", 0.5);
        RunUntil($"{Fn}-api-5xx", "ALARM");

        var alarm = await AlarmAsync($"{Fn}-api-5xx", "ALARM");

        var trigger = alarm.Message["Trigger"]!.AsObject();
        Assert.Equal(["MetricName", "Namespace", "StatisticType", "Statistic", "Unit", "Dimensions", "Period", "EvaluationPeriods", "DatapointsToAlarm",
            "ComparisonOperator", "Threshold", "TreatMissingData", "EvaluateLowSampleCountPercentile"], trigger.Select(m => m.Key));
        Assert.Equal(
            """{"MetricName":"5XXError","Namespace":"AWS/ApiGateway","StatisticType":"Statistic","Statistic":"AVERAGE","Unit":null,"Dimensions":[{"value":"lambda_router-api","name":"ApiName"}],"Period":10,"EvaluationPeriods":1,"DatapointsToAlarm":1,"ComparisonOperator":"GreaterThanThreshold","Threshold":0.01,"TreatMissingData":"missing","EvaluateLowSampleCountPercentile":""}""",
            trigger.ToJsonString());
    }

    [Fact]
    public async Task Every_signature_verifies_with_Nodes_crypto_over_the_pinned_certificate_host_and_none_survives_a_change()
    {
        _world.Run(TimeSpan.FromSeconds(12));
        await AlarmAsync($"{Fn}-error-rate", "OK");
        await _aws.SnsAsync("SetTopicAttributes", ("TopicArn", AlarmTopic), ("AttributeName", "SignatureVersion"), ("AttributeValue", "1"));
        await _aws.SnsAsync("Publish", ("TopicArn", AlarmTopic), ("Subject", "signed with SHA1"), ("Message", "ünïcödé \"quotes\" and\nlines"));
        await _bot.FirstAsync(r => r.Type == "Notification" && (string?)r.Json["SignatureVersion"] == "1", "a SignatureVersion 1 notification");

        var messages = new JsonArray([.. _bot.All.Select(r => (JsonNode)r.Json)]);
        var folder = await NodeScripts.InstalledAsync(NodeScripts.Folder("tests", "OpsBot.Sandbox.Tests", "node"));
        var run = await NodeScripts.ExecAsync(folder, "node", ["sns-verify.mjs", Host.TlsCertificateSha256], TimeSpan.FromMinutes(1), messages.ToJsonString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var results = JsonNode.Parse(run.Stdout)!.AsArray();

        Assert.Equal(messages.Count, results.Count);
        Assert.True(results.Count >= 3, $"{results.Count} messages"); // how many transitions 12 s bring varies
        Assert.All(results, r => Assert.True((bool)r!["valid"]! && !(bool)r["tampered"]!, r!.ToJsonString()));
        Assert.Equal(["1", "2"], results.Select(r => (string?)r!["signatureVersion"]).Distinct().Order());
        Assert.Contains(results, r => (string?)r!["type"] == "SubscriptionConfirmation");
    }

    [Fact]
    public async Task DescribeAlarms_shows_each_alarms_actions_and_ActionPrefix_finds_them()
    {
        var one = await _aws.CloudWatchAsync("DescribeAlarms", new JsonObject { ["AlarmNames"] = new JsonArray($"{Fn}-error-rate") });
        var byTopic = await _aws.CloudWatchAsync("DescribeAlarms", new JsonObject { ["ActionPrefix"] = AlarmTopic, ["MaxRecords"] = 100 });

        var alarm = one.Json["MetricAlarms"]![0]!;
        Assert.Equal(($"[\"{AlarmTopic}\"]", $"[\"{AlarmTopic}\"]", "[]", true),
            (alarm["OKActions"]!.ToJsonString(), alarm["AlarmActions"]!.ToJsonString(), alarm["InsufficientDataActions"]!.ToJsonString(), (bool)alarm["ActionsEnabled"]!));
        Assert.Equal(4 * OpsBot.Sandbox.Aws.SandboxSeed.Functions.Count, byTopic.Json["MetricAlarms"]!.AsArray().Count);
    }

    /// <summary>Moves the world on a second at a time until <paramref name="alarm"/> is in <paramref name="state"/>; how long that took.</summary>
    private TimeSpan RunUntil(string alarm, string state)
    {
        var from = _world.Time.GetUtcNow();
        while (_world.Get<SandboxAlarms>().States()[alarm] != state)
        {
            Assert.True(_world.Time.GetUtcNow() - from < TimeSpan.FromMinutes(1), $"{alarm} did not go {state}");
            _world.Run(TimeSpan.FromSeconds(1));
        }
        return _world.Time.GetUtcNow() - from;
    }

    private Task<SnsEndpointStub.Received> AlarmAsync(string alarm, string state) =>
        _bot.FirstAsync(r => IsAlarm(r, alarm, state), $"{state} of {alarm}");

    private static bool IsAlarm(SnsEndpointStub.Received r, string alarm, string state) =>
        r.Type == "Notification" && (string?)r.Json["Subject"] == $"{state}: \"{alarm}\" in US East (N. Virginia)";
}
