using System.Net;
using System.Xml.Linq;

namespace OpsBot.Sandbox.Tests.Aws.Sns;

/// <summary>The SNS emulator on the wire: Publish kept in the world, and the awsQuery XML errors.</summary>
public sealed class SnsEmulatorTests : AwsEmulatorTestBase
{
    private static readonly XNamespace Ns = "http://sns.amazonaws.com/doc/2010-03-31/";

    private string Topic => Pages.OpsTopicArn;

    [Fact]
    public async Task Publish_answers_a_MessageId_and_keeps_the_message_subject_and_attributes()
    {
        var answer = await SnsAsync(Form(("TopicArn", Topic), ("Subject", "Rollback of lambda_router"), ("Message", "Error rate 7% > 5%\nline two"),
            ("MessageAttributes.entry.1.Name", "environment"), ("MessageAttributes.entry.1.Value.DataType", "String"), ("MessageAttributes.entry.1.Value.StringValue", "prod"),
            ("MessageAttributes.entry.2.Name", "attempt"), ("MessageAttributes.entry.2.Value.DataType", "Number"), ("MessageAttributes.entry.2.Value.StringValue", "2")));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var messageId = answer.Xml.Element(Ns + "PublishResult")!.Element(Ns + "MessageId")!.Value;
        Assert.NotNull(answer.Xml.Element(Ns + "ResponseMetadata")!.Element(Ns + "RequestId"));
        var page = Assert.Single(Pages.All());
        Assert.Equal((messageId, "arn:aws:sns:us-east-1:000000000000:opsbot-pages", "Rollback of lambda_router", "Error rate 7% > 5%\nline two", Time.GetUtcNow()),
            (page.MessageId, page.Topic, page.Subject, page.Message, page.At));
        Assert.Equal(new Dictionary<string, string> { ["environment"] = "prod", ["attempt"] = "2" }, page.Attributes);
        Assert.Equal([page], Pages.OfTopic(Topic));
    }

    [Fact]
    public async Task A_JSON_message_structure_keeps_the_default_message()
    {
        var answer = await SnsAsync(Form(("TopicArn", Topic), ("MessageStructure", "json"), ("Message", """{"default":"plain","email":"fancy"}""")));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("plain", Assert.Single(Pages.All()).Message);
    }

    [Fact]
    public async Task An_unknown_topic_is_404_NotFound_in_awsQuerys_XML()
    {
        var answer = await SnsAsync(Form(("TopicArn", "arn:aws:sns:us-east-1:000000000000:nope"), ("Message", "hi")));

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.StartsWith("text/xml", answer.Header("Content-Type"), StringComparison.Ordinal);
        var error = answer.Xml.Element(Ns + "Error")!;
        Assert.Equal(("Sender", "NotFound", "Topic does not exist"),
            (error.Element(Ns + "Type")!.Value, error.Element(Ns + "Code")!.Value, error.Element(Ns + "Message")!.Value));
        Assert.NotNull(answer.Xml.Element(Ns + "RequestId"));
        Assert.Empty(Pages.All());
    }

    [Theory]
    [InlineData(null, "Subject", "Invalid parameter: Empty message")]
    [InlineData("", "Subject", "Invalid parameter: Empty message")]
    [InlineData("hi", "line\nbreak", "Invalid parameter: Subject")]
    [InlineData("hi", "ünïcödé", "Invalid parameter: Subject")]
    public async Task A_missing_message_or_a_bad_subject_is_400_InvalidParameter(string? message, string subject, string expected)
    {
        var form = new List<(string, string)> { ("TopicArn", Topic), ("Subject", subject) };
        if (message is not null)
            form.Add(("Message", message));

        var answer = await SnsAsync(Form([.. form]));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(("InvalidParameter", expected), (answer.Xml.Element(Ns + "Error")!.Element(Ns + "Code")!.Value, answer.Xml.Element(Ns + "Error")!.Element(Ns + "Message")!.Value));
    }

    [Fact]
    public async Task A_subject_of_100_characters_is_taken_and_one_of_101_is_not()
    {
        Assert.Equal(HttpStatusCode.OK, (await SnsAsync(Form(("TopicArn", Topic), ("Subject", new string('s', 100)), ("Message", "m")))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SnsAsync(Form(("TopicArn", Topic), ("Subject", new string('s', 101)), ("Message", "m")))).Status);
    }

    [Fact]
    public async Task Bad_attributes_no_topic_and_unknown_actions_are_refused()
    {
        var noValue = await SnsAsync(Form(("TopicArn", Topic), ("Message", "m"),
            ("MessageAttributes.entry.1.Name", "env"), ("MessageAttributes.entry.1.Value.DataType", "String")));
        var badType = await SnsAsync(Form(("TopicArn", Topic), ("Message", "m"),
            ("MessageAttributes.entry.1.Name", "env"), ("MessageAttributes.entry.1.Value.DataType", "Text"), ("MessageAttributes.entry.1.Value.StringValue", "x")));
        var noTopic = await SnsAsync(Form(("Message", "m")));
        var unknown = await SnsAsync([new("Action", "CreateTopic"), new("Version", "2010-03-31"), new("Name", "x")]);

        Assert.Equal((HttpStatusCode.BadRequest, "ParameterValueInvalid"), (noValue.Status, Code(noValue)));
        Assert.Equal((HttpStatusCode.BadRequest, "ParameterValueInvalid"), (badType.Status, Code(badType)));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter"), (noTopic.Status, Code(noTopic)));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidAction"), (unknown.Status, Code(unknown)));
        Assert.Empty(Pages.All());
    }

    private static string Code(Answer answer) => answer.Xml.Element(Ns + "Error")!.Element(Ns + "Code")!.Value;

    private static List<KeyValuePair<string, string>> Form(params (string Name, string Value)[] parameters) =>
        [new("Action", "Publish"), new("Version", "2010-03-31"), .. parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))];
}
