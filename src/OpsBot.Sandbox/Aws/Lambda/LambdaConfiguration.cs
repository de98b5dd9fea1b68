namespace OpsBot.Sandbox.Aws.Lambda;

/// <summary>A version's configuration as an operation answers it: the version, and the ARN it is reached by (qualified or not).</summary>
internal sealed record LambdaConfiguration(string FunctionName, string FunctionArn, string Role, LambdaVersion Version, bool UpdateInProgress);
