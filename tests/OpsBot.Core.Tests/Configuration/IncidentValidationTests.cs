using OpsBot.Core.Configuration;
using OpsBot.Testing;

namespace OpsBot.Core.Tests.Configuration;

public sealed class IncidentValidationTests
{
    private static IReadOnlyList<string> Failures(Action<OpsBotOptions> change)
    {
        var options = TestOptions.Create();
        change(options);
        return new OpsBotOptionsValidator([new FakeProbe("influxdb")]).Validate(null, options).Failures?.ToList() ?? [];
    }

    [Fact]
    public void An_alarm_topic_is_an_sns_arn_of_one_environment()
    {
        Assert.Equal(["OpsBot:Environments:prod:AlarmTopicArns:1: 'opsbot-alarms' is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)"],
            Failures(o => o.Environments["prod"].AlarmTopicArns.Add("opsbot-alarms")));
        Assert.Contains("OpsBot:Environments:prod:AlarmTopicArns:1: 'arn:aws:sns:us-west-2:123456789012:opsbot-alarms' is also dev's: an alarm topic belongs to one environment",
            Failures(o => o.Environments["prod"].AlarmTopicArns.Add(TestOptions.AlarmTopic("dev"))));
    }

    [Fact]
    public void Incident_timings_are_positive_and_on_call_is_an_identity()
    {
        var failures = Failures(o =>
        {
            o.Environments["prod"].Incidents.EscalateAfter = TimeSpan.Zero;
            o.Environments["prod"].Incidents.OnCall = "oncall";
            o.Environments["prod"].Incidents.Channel = "C0ELSEWHERE";
        });
        Assert.Equal(
        [
            "OpsBot:Environments:prod:Incidents:EscalateAfter: must be positive, not 00:00:00",
            "OpsBot:Environments:prod:Incidents:OnCall: 'oncall' is not an identity; write slack-group:S0123ABC (or a person, slack:U0ALICE)",
            "OpsBot:Environments:prod:Incidents:Channel: 'C0ELSEWHERE' is not among the environment's AllowedChannels",
        ], failures);
    }
}
