using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml.Linq;

namespace OpsBot.Aws.Http;

/// <summary>JSON settings of the AWS protocols: members as the model names them, nulls left out.</summary>
internal static class AwsJson
{
    /// <summary>PascalCase members (Lambda, CloudWatch, AppConfig): C# property names as they are.</summary>
    public static readonly JsonSerializerOptions Pascal = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = null,
    };

    /// <summary>camelCase members (CodeDeploy).</summary>
    public static readonly JsonSerializerOptions Camel = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };
}

/// <summary>A timestamp sent and read as epoch seconds (the JSON protocols' default), fractions allowed.</summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? DateTimeOffset.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000));

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        var ms = value.ToUnixTimeMilliseconds();
        if (ms % 1000 == 0)
            writer.WriteNumberValue(ms / 1000);
        else
            writer.WriteNumberValue(ms / 1000.0);
    }
}

/// <summary>The wire protocols of the services OpsBot calls, on top of <see cref="AwsTransport"/>.</summary>
internal static class AwsProtocols
{
    /// <summary>awsJson1_0 / awsJson1_1: <c>POST /</c> with <c>X-Amz-Target</c>; CloudWatch also says <c>x-amzn-query-mode</c>.</summary>
    public static async Task<TResponse> JsonRpcAsync<TRequest, TResponse>(this AwsTransport transport, AwsScope scope, AwsService service,
        string operation, TRequest input, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var request = new AwsRequest
        {
            Service = service,
            Operation = operation,
            Scope = scope,
            Body = JsonSerializer.SerializeToUtf8Bytes(input, json),
            ContentType = $"application/x-amz-json-{service.JsonVersion}",
        };
        request.Headers["X-Amz-Target"] = $"{service.TargetPrefix}.{operation}";
        if (service.QueryCompatible)
            request.Headers["x-amzn-query-mode"] = "true";
        var response = await transport.SendAsync(request, cancellationToken);
        return Read<TResponse>(response, json);
    }

    /// <summary>restJson1 with a JSON body (or none).</summary>
    public static Task<AwsResponse> RestJsonAsync(this AwsTransport transport, AwsRequest request, CancellationToken cancellationToken) =>
        transport.SendAsync(request, cancellationToken);

    /// <summary>A JSON body for a restJson1 request.</summary>
    public static byte[] JsonBody<T>(T input, JsonSerializerOptions json) => JsonSerializer.SerializeToUtf8Bytes(input, json);

    public static T Read<T>(AwsResponse response, JsonSerializerOptions json) =>
        response.Body.Length == 0
            ? JsonSerializer.Deserialize<T>("{}"u8, json)!
            : JsonSerializer.Deserialize<T>(response.Body, json)!;

    /// <summary>awsQuery: a form-encoded <c>POST /</c> with Action and Version; the answer is XML.</summary>
    public static async Task<XDocument> QueryAsync(this AwsTransport transport, AwsScope scope, AwsService service, string action,
        string version, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var form = new StringBuilder($"Action={Uri.EscapeDataString(action)}&Version={Uri.EscapeDataString(version)}");
        foreach (var (name, value) in parameters)
            form.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        var response = await transport.SendAsync(new AwsRequest
        {
            Service = service,
            Operation = action,
            Scope = scope,
            Body = Encoding.UTF8.GetBytes(form.ToString()),
            ContentType = "application/x-www-form-urlencoded; charset=utf-8",
        }, cancellationToken);
        return XDocument.Parse(Encoding.UTF8.GetString(response.Body));
    }

    /// <summary>A path label escaped as AWS expects (an ARN's ':' becomes %3A).</summary>
    public static string Label(string value) => Uri.EscapeDataString(value);
}
