using System.Globalization;
using System.Xml.Linq;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.Sns;

/// <summary>SNS over awsQuery (Version 2010-03-31): a form-encoded <c>POST /</c>, answered in XML.</summary>
internal sealed class SnsClient(AwsTransport transport)
{
    public const string ApiVersion = "2010-03-31";

    public async Task<PublishResponse> PublishAsync(AwsScope scope, PublishInput input, CancellationToken cancellationToken)
    {
        var answer = await transport.QueryAsync(scope, AwsService.Sns, "Publish", ApiVersion, Parameters(input), cancellationToken);
        var result = answer.Descendants().FirstOrDefault(e => e.Name.LocalName == "PublishResult");
        var messageId = Child(result, "MessageId");
        return string.IsNullOrEmpty(messageId)
            ? throw new AwsServiceException(AwsService.Sns.Name, "Publish", "MalformedResponse", "the answer has no PublishResult/MessageId", System.Net.HttpStatusCode.OK, null)
            : new PublishResponse(messageId, Child(result, "SequenceNumber"));
    }

    /// <summary>The form parameters after Action and Version; a map is serialized as <c>Name.entry.N.Name</c> / <c>.Value.*</c>, N from 1.</summary>
    private static List<KeyValuePair<string, string>> Parameters(PublishInput input)
    {
        var form = new List<KeyValuePair<string, string>> { new("TopicArn", input.TopicArn), new("Message", input.Message) };
        if (input.Subject is not null)
            form.Add(new("Subject", input.Subject));
        var n = 0;
        // Sorted so that the same input always makes the same body.
        foreach (var (name, value) in (input.MessageAttributes ?? new Dictionary<string, MessageAttributeValue>()).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var entry = string.Create(CultureInfo.InvariantCulture, $"MessageAttributes.entry.{++n}");
            form.Add(new($"{entry}.Name", name));
            form.Add(new($"{entry}.Value.DataType", value.DataType));
            if (value.StringValue is not null)
                form.Add(new($"{entry}.Value.StringValue", value.StringValue));
        }
        return form;
    }

    private static string? Child(XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
