namespace OpsBot.Core.Configuration;

public sealed partial class OpsBotOptionsValidator
{
    /// <summary>Alarm topics are SNS topic ARNs, each taken by one environment; incident timings are positive.</summary>
    private static void ValidateIncidents(OpsBotOptions options, string envName, string key, EnvironmentOptions env, Action<string, string> fail)
    {
        for (var i = 0; i < env.AlarmTopicArns.Count; i++)
        {
            var arn = env.AlarmTopicArns[i];
            if (!SnsTopicArn().IsMatch(arn))
                fail($"{key}:AlarmTopicArns:{i}", $"'{arn}' is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)");
            else if (options.Environments.FirstOrDefault(e => e.Key != envName && e.Value.AlarmTopicArns.Contains(arn, StringComparer.Ordinal)).Key is { } other)
                fail($"{key}:AlarmTopicArns:{i}", $"'{arn}' is also {other}'s: an alarm topic belongs to one environment");
        }
        var o = env.Incidents;
        foreach (var (name, value) in new[] { ("IncidentWindow", o.IncidentWindow), ("AutoResolveAfter", o.AutoResolveAfter), ("EscalateAfter", o.EscalateAfter) })
        {
            if (value <= TimeSpan.Zero)
                fail($"{key}:Incidents:{name}", $"must be positive, not {value}");
        }
        if (o.OnCall is { } onCall && !Identity.IdentityPattern.IsValid(onCall))
            fail($"{key}:Incidents:OnCall", $"'{onCall}' is not an identity; write slack-group:S0123ABC (or a person, slack:U0ALICE)");
        if (o.Channel is { } channel && env.AllowedChannels.Count > 0 && !env.AllowedChannels.Contains(channel))
            fail($"{key}:Incidents:Channel", $"'{channel}' is not among the environment's AllowedChannels");
    }

    [System.Text.RegularExpressions.GeneratedRegex("\\Aarn:aws(-[a-z]+)*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?\\z")]
    private static partial System.Text.RegularExpressions.Regex SnsTopicArn();
}
