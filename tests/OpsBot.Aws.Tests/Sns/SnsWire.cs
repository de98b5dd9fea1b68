using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.Sns;

/// <summary>Reading awsQuery requests back: the form body as decoded name=value pairs.</summary>
internal static class SnsWire
{
    public const string PublishAnswer = """
        <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>
          <ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata>
        </PublishResponse>
        """;

    public static List<(string Name, string Value)> Form(SentRequest sent) =>
        [.. sent.Text.Split('&').Select(pair => pair.Split('=', 2)).Select(p => (Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1])))];

    /// <summary>Equal as multisets: the same pairs, each as often, in any order.</summary>
    public static void AssertForm(IEnumerable<(string Name, string Value)> expected, SentRequest sent) =>
        Assert.Equal(expected.Order(), Form(sent).Order());

    public static string Region(SentRequest sent) => sent.Uri.Host.Split('.')[1];
}
