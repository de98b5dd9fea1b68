namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>An alarm that changed state, with what CloudWatch would put in its notification.</summary>
/// <param name="AlarmName">The alarm's name.</param>
/// <param name="AlarmArn">The alarm's ARN.</param>
/// <param name="AlarmDescription">The alarm's description.</param>
/// <param name="OldState">OK, ALARM or INSUFFICIENT_DATA before the change.</param>
/// <param name="NewState">OK, ALARM or INSUFFICIENT_DATA now.</param>
/// <param name="Reason">Why, in CloudWatch's words ("Threshold Crossed: 2 out of the last 2 datapoints [...] were greater than the threshold (5.0) ...").</param>
/// <param name="ReasonData">The reason as CloudWatch's JSON (<c>StateReasonData</c>).</param>
/// <param name="At">When the state changed.</param>
/// <param name="Trigger">The alarm's <c>Trigger</c> object of an SNS alarm notification, as JSON.</param>
/// <param name="Actions">The actions of the new state (SNS topic ARNs): what CloudWatch notifies of this change.</param>
public sealed record AlarmChange(
    string AlarmName,
    string AlarmArn,
    string? AlarmDescription,
    string OldState,
    string NewState,
    string Reason,
    string ReasonData,
    DateTimeOffset At,
    string Trigger,
    IReadOnlyList<string> Actions)
{
    /// <summary>When the alarm's configuration was last updated (<c>AlarmConfigurationUpdatedTimestamp</c>).</summary>
    public DateTimeOffset ConfigurationUpdatedAt { get; init; }

    /// <summary>The alarm's actions on a transition to OK.</summary>
    public IReadOnlyList<string> OkActions { get; init; } = [];

    /// <summary>The alarm's actions on a transition to ALARM.</summary>
    public IReadOnlyList<string> AlarmActions { get; init; } = [];

    /// <summary>The alarm's actions on a transition to INSUFFICIENT_DATA.</summary>
    public IReadOnlyList<string> InsufficientDataActions { get; init; } = [];
}
