using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace OpsBot.Sandbox.Slack;

/// <summary>
/// A Web API call's arguments, read the way Slack reads them: the query string, plus a POST body that is
/// <c>application/x-www-form-urlencoded</c> (or <c>text/plain</c>, which Slack reads as form fields),
/// <c>multipart/form-data</c>, or <c>application/json</c>. Slack interprets a body as JSON only when the
/// Content-Type says so: JSON sent as anything else is read as form fields, so its arguments are not seen.
/// </summary>
internal sealed class SlackArguments
{
    private readonly Dictionary<string, string> _fields;
    private readonly JsonObject? _json;

    private SlackArguments(Dictionary<string, string> fields, JsonObject? json, IReadOnlyList<string> warnings)
    {
        _fields = fields;
        _json = json;
        Warnings = warnings;
    }

    /// <summary>True when the body was JSON.</summary>
    public bool IsJson => _json is not null;

    /// <summary>Warnings Slack would add (<c>missing_charset</c>, <c>superfluous_charset</c>).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The token passed as a form field or query parameter (Slack does not take it from a JSON body).</summary>
    public string? FormToken => _fields.GetValueOrDefault("token");

    /// <summary>Reads a request's arguments; answers the error Slack gives a body it cannot read.</summary>
    public static async Task<(SlackArguments? Arguments, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancel)
    {
        var fields = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var warnings = new List<string>();
        if (!HttpMethods.IsPost(request.Method))
            return (new SlackArguments(fields, null, warnings), null);

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancel);
        var body = buffer.ToArray();
        if (string.IsNullOrEmpty(request.ContentType))
            return body.Length == 0 ? (new SlackArguments(fields, null, warnings), null) : (null, "missing_post_type");
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
            return (null, "invalid_post_type");

        var charset = type.Charset.HasValue ? type.Charset.Value : null;
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase))
            return (null, "invalid_charset");
        var encoding = charset?.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase) == true ? Encoding.Latin1 : Encoding.UTF8;
        var media = type.MediaType.Value?.ToLowerInvariant();
        switch (media)
        {
            case "application/json":
                if (charset is null)
                    warnings.Add("missing_charset");
                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(encoding.GetString(body));
                }
                catch (JsonException)
                {
                    return (null, "invalid_json");
                }
                if (node is not JsonObject json)
                    return (null, "json_not_object");
                return (new SlackArguments(fields, json, warnings), null);
            case "application/x-www-form-urlencoded" or "text/plain":
                if (charset is not null && media == "application/x-www-form-urlencoded")
                    warnings.Add("superfluous_charset");
                foreach (var (key, value) in QueryHelpers.ParseQuery(encoding.GetString(body)))
                    fields[key] = value.ToString();
                return (new SlackArguments(fields, null, warnings), null);
            case "multipart/form-data":
                buffer.Position = 0;
                var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
                if (string.IsNullOrEmpty(boundary))
                    return (null, "invalid_form_data");
                try
                {
                    var reader = new MultipartReader(boundary, buffer);
                    while (await reader.ReadNextSectionAsync(cancel) is { } section)
                    {
                        var disposition = section.GetContentDispositionHeader();
                        if (disposition is null || !disposition.IsFormDisposition())
                            continue;
                        using var text = new StreamReader(section.Body, encoding);
                        fields[HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? ""] = await text.ReadToEndAsync(cancel);
                    }
                }
                catch (IOException)
                {
                    return (null, "invalid_form_data");
                }
                return (new SlackArguments(fields, null, warnings), null);
            default:
                return (null, "invalid_post_type");
        }
    }

    /// <summary>True when the argument was sent (even empty).</summary>
    public bool Has(string name) => _json?.ContainsKey(name) == true || _fields.ContainsKey(name);

    /// <summary>The argument as a string: form fields as sent; JSON strings as is, other JSON values as JSON text.</summary>
    public string? String(string name)
    {
        if (_json is not null && _json.TryGetPropertyValue(name, out var node))
        {
            return node switch
            {
                null => null,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => node.ToJsonString(),
            };
        }
        return _fields.GetValueOrDefault(name);
    }

    /// <summary>The argument as a JSON value: JSON as sent; a form field parsed as JSON (Slack takes <c>blocks</c>,
    /// <c>files</c>, <c>metadata</c> as "a JSON-based array presented as a URL-encoded string"). A JSON string that
    /// holds JSON is parsed too. <c>Malformed</c> when the text does not parse.</summary>
    public (JsonNode? Node, string? Raw, bool Malformed) Json(string name)
    {
        JsonNode? node = null;
        if (_json is not null && _json.TryGetPropertyValue(name, out node) && node is not JsonValue)
            return (node, node?.ToJsonString(), false);
        var text = node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node is null ? _fields.GetValueOrDefault(name) : null;
        if (text is null)
            return node is null ? (null, null, false) : (null, node.ToJsonString(), true);
        if (string.IsNullOrWhiteSpace(text))
            return (null, null, false);
        try
        {
            return (JsonNode.Parse(text), text, false);
        }
        catch (JsonException)
        {
            return (null, text, true);
        }
    }

    /// <summary>The argument as a boolean: JSON true, or "true"/"1" (Slack's form convention).</summary>
    public bool Bool(string name)
    {
        if (_json is not null && _json.TryGetPropertyValue(name, out var node) && node is JsonValue v && v.TryGetValue<bool>(out var b))
            return b;
        var text = String(name);
        return text is not null && (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1");
    }

    /// <summary>The argument as an integer, or null when missing or not an integer.</summary>
    public long? Long(string name)
    {
        if (_json is not null && _json.TryGetPropertyValue(name, out var node) && node is JsonValue v && v.TryGetValue<long>(out var l))
            return l;
        return long.TryParse(String(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    /// <summary>The arguments for the call log: JSON as sent, form fields as strings; the token left out.</summary>
    public JsonObject ToLog()
    {
        var log = new JsonObject();
        foreach (var (key, value) in _fields.Where(f => f.Key != "token"))
            log[key] = value;
        if (_json is not null)
        {
            foreach (var (key, value) in _json)
                log[key] = value?.DeepClone();
        }
        return log;
    }
}
