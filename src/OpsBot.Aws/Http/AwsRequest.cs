namespace OpsBot.Aws.Http;

/// <summary>One AWS call before signing: the protocol helpers build it, <see cref="AwsTransport"/> signs, sends and retries it.</summary>
internal sealed class AwsRequest
{
    public required AwsService Service { get; init; }

    public required string Operation { get; init; }

    public required AwsScope Scope { get; init; }

    public HttpMethod Method { get; init; } = HttpMethod.Post;

    /// <summary>The path with its labels already escaped.</summary>
    public string Path { get; init; } = "/";

    public List<KeyValuePair<string, string>> Query { get; } = [];

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[]? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Adds a query parameter when it has a value.</summary>
    public AwsRequest With(string name, object? value)
    {
        if (value is not null)
            Query.Add(new(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!));
        return this;
    }
}

/// <summary>A successful answer.</summary>
internal sealed record AwsResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
