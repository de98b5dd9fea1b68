using System.Text;
using OpsBot.Core.Commands;
using OpsBot.Teams.Inbound;

namespace OpsBot.Teams.Tests.Inbound;

public sealed class TeamsActivityTests
{
    /// <summary>A channel message as Teams sends it (PROTOCOLS.md §8), mentioning the bot.</summary>
    public const string ChannelMessage = """
        {
          "type": "message", "id": "1701000000001", "timestamp": "2026-12-08T01:00:00.000Z",
          "serviceUrl": "https://smba.trafficmanager.net/amer/", "channelId": "msteams",
          "from": { "id": "29:1alice", "name": "Alice", "aadObjectId": "00000000-0000-0000-0000-0000000a11ce" },
          "recipient": { "id": "28:00000000-0000-0000-0000-0000000000b0", "name": "OpsBot" },
          "conversation": { "id": "19:deploys@thread.tacv2;messageid=1701000000001", "conversationType": "channel", "isGroup": true,
                            "tenantId": "72f988bf-0000-0000-0000-000000000001" },
          "text": "<at>OpsBot</at>&nbsp;deploy lambda_router 5 <at>Bob</at>",
          "textFormat": "plain",
          "entities": [
            { "type": "mention", "text": "<at>OpsBot</at>", "mentioned": { "id": "28:00000000-0000-0000-0000-0000000000b0", "name": "OpsBot" } },
            { "type": "mention", "text": "<at>Bob</at>", "mentioned": { "id": "29:1bob", "name": "Bob" } },
            { "type": "clientInfo", "locale": "en-US" }
          ],
          "channelData": { "tenant": { "id": "72f988bf-0000-0000-0000-000000000001" }, "team": { "id": "19:team@thread.tacv2" },
                           "channel": { "id": "19:deploys@thread.tacv2", "name": "Deployments" } }
        }
        """;

    [Fact]
    public void A_channel_message_is_read_with_its_place_sender_and_the_bots_mention_removed()
    {
        var a = TeamsActivity.Parse(Encoding.UTF8.GetBytes(ChannelMessage))!;

        Assert.Equal("message", a.Type);
        Assert.Equal("19:deploys@thread.tacv2", a.Place);
        Assert.True(a.IsChannel);
        Assert.Equal("00000000-0000-0000-0000-0000000a11ce", a.FromAadObjectId);
        Assert.Equal("72f988bf-0000-0000-0000-000000000001", a.TenantId);
        Assert.Equal("19:team@thread.tacv2", a.TeamId);
        Assert.Equal(["<at>OpsBot</at>"], a.BotMentions);
        Assert.Equal("deploy lambda_router 5 Bob", a.CommandText);
    }

    [Fact]
    public void A_personal_chat_has_no_channel_and_posts_to_its_conversation()
    {
        var a = TeamsActivity.Parse(Encoding.UTF8.GetBytes("""
            {"type":"message","id":"5","text":"rollback lambda_router","from":{"id":"29:1a","aadObjectId":"a"},
             "conversation":{"id":"a:1personal","conversationType":"personal","tenantId":"t"},"recipient":{"id":"28:b"}}
            """))!;

        Assert.False(a.IsChannel);
        Assert.Equal("a:1personal", a.Place);
        Assert.Equal("t", a.TenantId);
        Assert.Equal("rollback lambda_router", a.CommandText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("not json")]
    [InlineData("\"text\"")]
    public void What_is_not_a_json_object_is_not_an_activity(string body) => Assert.Null(TeamsActivity.Parse(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Mistyped_fields_read_as_missing()
    {
        var a = TeamsActivity.Parse(Encoding.UTF8.GetBytes("""{"type":7,"from":"alice","conversation":{"id":["x"]},"entities":{"type":"mention"}}"""))!;
        Assert.Null(a.Type);
        Assert.Null(a.FromAadObjectId);
        Assert.Null(a.ConversationId);
        Assert.Empty(a.BotMentions);
    }

    [Theory]
    [InlineData("deploy lambda_router 5", typeof(StartCommand))]
    [InlineData("/deploy lambda_router 5", typeof(StartCommand))]
    [InlineData("Rollback lambda_router", typeof(RollbackCommand))]
    [InlineData("flags", typeof(FlagsListCommand))]
    [InlineData("health lambda_router --chart", typeof(HealthCommand))]
    [InlineData("incident list", typeof(IncidentListCommand))]
    [InlineData("deploy status", typeof(StatusCommand))]
    public void The_first_word_names_the_command_and_Core_reads_the_rest(string text, Type expected)
    {
        var (command, answer) = TeamsCommandText.Read(text);
        Assert.Null(answer);
        Assert.IsType(expected, command);
    }

    [Theory]
    [InlineData("", CommandStatus.Done)]
    [InlineData("help", CommandStatus.Done)]
    [InlineData("dance", CommandStatus.Invalid)]
    [InlineData("deploy", CommandStatus.Invalid)]
    public void Help_and_what_cannot_be_read_are_answered_with_the_usage(string text, CommandStatus status)
    {
        var (command, answer) = TeamsCommandText.Read(text);
        Assert.Null(command);
        Assert.Equal(status, answer!.Status);
        Assert.False(string.IsNullOrWhiteSpace(answer.Usage));
    }
}
