namespace OpsBot.Sandbox.Aws.Shared;

/// <summary>CloudWatch alarm ARNs: <c>arn:aws:cloudwatch:{region}:{account}:alarm:{name}</c>.</summary>
internal static class AlarmArns
{
    public static string For(string region, string accountId, string name) => $"arn:aws:cloudwatch:{region}:{accountId}:alarm:{name}";
}
