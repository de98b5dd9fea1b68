namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>The statistics the emulator answers (CloudWatch's five; percentiles are not kept).</summary>
internal static class Statistics
{
    public const string Sum = "Sum";
    public const string Average = "Average";
    public const string Minimum = "Minimum";
    public const string Maximum = "Maximum";
    public const string SampleCount = "SampleCount";

    public static readonly IReadOnlyList<string> All = [SampleCount, Average, Sum, Minimum, Maximum];
}
