namespace OpsBot.Sandbox.Aws.Lambda;

/// <summary>A function's state in <see cref="LambdaWorld"/>; only ever read or changed under the world's lock.</summary>
internal sealed class LambdaFunction(string name, string arn, string role, LambdaVersion latest)
{
    public string Name { get; } = name;

    /// <summary>The unqualified ARN.</summary>
    public string Arn { get; } = arn;

    public string Role { get; } = role;

    public LambdaVersion Latest { get; set; } = latest;

    /// <summary>Until when the last code upload is "InProgress" (publishing answers 409 until then); null when settled.</summary>
    public DateTimeOffset? UpdateSettlesAt { get; set; }

    /// <summary>Published versions, oldest first; numbers are never reused.</summary>
    public List<LambdaVersion> Published { get; } = [];

    /// <summary>Aliases by name, in name order (the order ListAliases pages through).</summary>
    public SortedDictionary<string, LambdaAlias> Aliases { get; } = new(StringComparer.Ordinal);

    public LambdaVersion? PublishedVersion(string version) => Published.Find(v => v.Version == version);

    public string Qualified(string qualifier) => $"{Arn}:{qualifier}";
}
