using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>The list operations' paging: <c>max_results</c> 1..50 (default 50) and an opaque <c>next_token</c>.</summary>
internal static class AppConfigPaging
{
    public const int MaxResults = 50;

    /// <summary>One page of <paramref name="items"/> as <c>{Items, NextToken}</c>.</summary>
    public static JsonObject Page<T>(IReadOnlyList<T> items, Func<T, JsonNode> toJson, int? maxResults, string? nextToken)
    {
        var size = maxResults ?? MaxResults;
        if (size is < 1 or > MaxResults)
        {
            throw AppConfigException.Validation("maxResults", size.ToString(CultureInfo.InvariantCulture),
                size < 1 ? "Member must have value greater than or equal to 1" : $"Member must have value less than or equal to {MaxResults}");
        }
        var offset = nextToken is null ? 0 : Decode(nextToken);
        var page = items.Skip(offset).Take(size).ToList();
        var json = new JsonObject { ["Items"] = new JsonArray([.. page.Select(toJson)]) };
        if (offset + page.Count < items.Count)
            json["NextToken"] = Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"offset:{offset + page.Count}")));
        return json;
    }

    private static int Decode(string token)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith("offset:", StringComparison.Ordinal) &&
                int.TryParse(text.AsSpan("offset:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                return offset;
        }
        catch (FormatException)
        {
            // Not a token of ours: refused below.
        }
        throw AppConfigException.BadRequest("The next token is not valid. Use the NextToken of the previous page.");
    }
}
