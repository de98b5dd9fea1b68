using System.Globalization;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.Logs;

/// <summary>
/// GetQueryResults (status, the rows as <c>[[{"field", "value"}]]</c> with @ptr last, statistics; maxItems and
/// nextToken page through the rows) and StopQuery (<c>{"success": true}</c> for a running query, false for a finished one).
/// </summary>
internal sealed class QueryResultsOperations(LogsQueries queries)
{
    public JsonObject GetQueryResults(JsonObject input)
    {
        var id = Id(input);
        var maxItems = LogsInput.Long(input, "maxItems") ?? 10_000;
        if (maxItems is < 1 or > 10_000)
            throw LogsException.InvalidParameter("1 validation error detected: Value at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000");
        var offset = 0;
        if (LogsInput.String(input, "nextToken") is { } token && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
            throw LogsException.InvalidParameter("The nextToken is invalid.");

        var (status, result) = queries.Read(id);
        var rows = result?.Rows ?? [];
        var page = rows.Skip(offset).Take((int)maxItems).ToList();
        var answer = new JsonObject
        {
            ["queryLanguage"] = "CWLI",
            ["results"] = new JsonArray([.. page.Select(row => (JsonNode)new JsonArray([.. row.Select(f => (JsonNode)new JsonObject { ["field"] = f.Field, ["value"] = f.Value })]))]),
            ["statistics"] = new JsonObject
            {
                ["recordsMatched"] = (double)(result?.RecordsMatched ?? 0),
                ["recordsScanned"] = (double)(result?.RecordsScanned ?? 0),
                ["bytesScanned"] = (double)(result?.BytesScanned ?? 0),
            },
            ["status"] = status,
        };
        if (offset + page.Count < rows.Count)
            answer["nextToken"] = (offset + page.Count).ToString(CultureInfo.InvariantCulture);
        return answer;
    }

    public JsonObject StopQuery(JsonObject input) => new() { ["success"] = queries.Stop(Id(input)) };

    private static string Id(JsonObject input) =>
        LogsInput.String(input, "queryId") ?? throw LogsException.InvalidParameter("1 validation error detected: Value null at 'queryId' failed to satisfy constraint: Member must not be null");
}
