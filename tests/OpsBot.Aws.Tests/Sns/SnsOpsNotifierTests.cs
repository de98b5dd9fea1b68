using System.Net;
using Microsoft.Extensions.Logging;
using OpsBot.Aws.Sns;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Configuration;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.Sns;

public sealed class SnsOpsNotifierTests
{
    private const string DevTopic = "arn:aws:sns:us-east-1:111111111111:opsbot-dev-pages";
    private const string ProdTopic = "arn:aws:sns:eu-west-2:222222222222:opsbot-prod-pages";

    private readonly RecordingHandler _handler = new RecordingHandler().Answer(HttpStatusCode.OK, SnsWire.PublishAnswer, "text/xml");
    private readonly TestLogger<SnsOpsNotifier> _logger = new();

    private SnsOpsNotifier Notifier(OpsBotOptions options) =>
        new(new SnsClient(TestAws.Transport(_handler)), new FixedOptionsMonitor<OpsBotOptions>(options), _logger);

    private static OpsBotOptions Options() => new()
    {
        Environments =
        {
            ["dev"] = new EnvironmentOptions { Region = "us-east-1", OpsTopicArn = DevTopic },
            ["prod"] = new EnvironmentOptions { Region = "eu-west-2", OpsTopicArn = ProdTopic },
            ["sandbox"] = new EnvironmentOptions { Region = "us-east-1" },
        },
    };

    [Fact]
    public async Task A_page_goes_to_its_environments_topic_with_a_valid_subject_the_deployment_line_and_attributes()
    {
        await Notifier(Options()).NotifyAsync(new OpsPage("prod", "🚨 Rollback failed — lambda_router\nneeds a person", "Rollback of lambda_router failed 3 times.", "d-42"), default);

        var sent = Assert.Single(_handler.Sent);
        Assert.Equal("eu-west-2", SnsWire.Region(sent));
        SnsWire.AssertForm(
        [
            ("Action", "Publish"), ("Version", "2010-03-31"), ("TopicArn", ProdTopic),
            ("Subject", "Rollback failed - lambda_router needs a person"),
            ("Message", "Rollback of lambda_router failed 3 times.\n\nDeployment: d-42"),
            ("MessageAttributes.entry.1.Name", "deployment_id"), ("MessageAttributes.entry.1.Value.DataType", "String"),
            ("MessageAttributes.entry.1.Value.StringValue", "d-42"),
            ("MessageAttributes.entry.2.Name", "environment"), ("MessageAttributes.entry.2.Value.DataType", "String"),
            ("MessageAttributes.entry.2.Value.StringValue", "prod"),
        ], sent);
    }

    [Fact]
    public async Task Each_environment_pages_its_own_topic()
    {
        var notifier = Notifier(Options());

        await notifier.NotifyAsync(new OpsPage("dev", "a", "m", "d-1"), default);
        await notifier.NotifyAsync(new OpsPage("PROD", "b", "m", "d-2"), default);

        Assert.Equal([(DevTopic, "us-east-1"), (ProdTopic, "eu-west-2")],
            _handler.Sent.Select(s => (SnsWire.Form(s).Single(p => p.Name == "TopicArn").Value, SnsWire.Region(s))));
    }

    [Fact]
    public async Task A_page_without_deployment_has_no_deployment_line_or_attribute()
    {
        await Notifier(Options()).NotifyAsync(new OpsPage("dev", "Runner paused", "Metrics unreadable", null), default);

        var form = SnsWire.Form(Assert.Single(_handler.Sent));
        Assert.Equal("Metrics unreadable", form.Single(p => p.Name == "Message").Value);
        Assert.Equal(["environment"], form.Where(p => p.Name.EndsWith(".Name", StringComparison.Ordinal)).Select(p => p.Value));
    }

    [Fact]
    public async Task The_topics_region_wins_over_the_environments()
    {
        var options = Options();
        options.Environments["dev"].Region = "eu-central-1";

        await Notifier(options).NotifyAsync(new OpsPage("dev", "s", "m", null), default);

        Assert.Equal("us-east-1", SnsWire.Region(Assert.Single(_handler.Sent)));
    }

    [Theory]
    [InlineData("sandbox")]
    [InlineData("nowhere")]
    public async Task Without_a_topic_nothing_is_sent_and_the_error_names_the_key_to_set(string environment)
    {
        await Notifier(Options()).NotifyAsync(new OpsPage(environment, "Rollback failed", "m", "d-9"), default);

        Assert.Empty(_handler.Sent);
        var (level, message) = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains($"OpsBot:Environments:{environment}:OpsTopicArn", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_publish_throws_so_the_outbox_tries_again()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.NotFound,
            "<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error></ErrorResponse>", "text/xml");
        var notifier = new SnsOpsNotifier(new SnsClient(TestAws.Transport(handler)), new FixedOptionsMonitor<OpsBotOptions>(Options()), _logger);

        var e = await Assert.ThrowsAsync<OpsBot.Aws.Http.AwsServiceException>(() => notifier.NotifyAsync(new OpsPage("dev", "s", "m", null), default));

        Assert.Equal("NotFound", e.Code);
    }
}
