using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Influx;

/// <summary>
/// The InfluxDB 2.x HTTP API as InfluxDB.Client uses it: <c>GET|HEAD /ping</c> (204 with <c>X-Influxdb-Build</c> and
/// <c>X-Influxdb-Version</c>), <c>GET /health</c>, <c>POST /api/v2/write</c> (line protocol) and <c>POST /api/v2/query</c>
/// (Flux, answered in annotated CSV). Writes and queries need the token; ping and health do not, as in InfluxDB.
/// </summary>
internal static class InfluxEndpoints
{
    public static void MapInflux(this WebApplication app, InfluxStandIn standIn)
    {
        var options = standIn.Options;
        // "slow": every answer waits, on the wall clock (a socket's latency is real time, not the sandbox's clock).
        app.Use(async (context, next) =>
        {
            if (standIn.LatencyMs is > 0 and var latency)
                await Task.Delay(TimeSpan.FromMilliseconds(latency), context.RequestAborted);
            await next(context);
        });
        app.MapMethods("/ping", [HttpMethods.Get, HttpMethods.Head], (HttpContext context) =>
        {
            context.Response.Headers["X-Influxdb-Build"] = "OSS";
            context.Response.Headers["X-Influxdb-Version"] = options.Version;
            return Results.NoContent();
        });
        app.MapGet("/health", () => Results.Text(new JsonObject
        {
            ["name"] = "influxdb",
            ["message"] = "ready for queries and writes",
            ["status"] = "pass",
            ["checks"] = new JsonArray(),
            ["version"] = options.Version,
            ["commit"] = options.Commit,
        }.ToJsonString(), "application/json; charset=utf-8"));
        app.MapPost("/api/v2/write", (Delegate)((HttpContext context) => WriteAsync(context, standIn)));
        app.MapPost("/api/v2/query", (Delegate)((HttpContext context) => QueryAsync(context, standIn)));
        app.MapFallback(() => InfluxErrors.NotFound("path not found"));
    }

    private static async Task<IResult> WriteAsync(HttpContext context, InfluxStandIn standIn)
    {
        if (Refusal(context, standIn.Options) is { } refused)
            return refused;
        var bucket = context.Request.Query["bucket"].ToString();
        if (bucket.Length == 0)
            return InfluxErrors.NotFound("bucket not found");
        if (!standIn.Store.HasBucket(bucket))
            return InfluxErrors.NotFound($"bucket \"{bucket}\" not found");
        var precision = context.Request.Query["precision"].ToString() is { Length: > 0 } p ? p : "ns";
        if (precision is not ("ns" or "us" or "ms" or "s"))
            return InfluxErrors.Invalid($"invalid precision \"{precision}\": it must be ns, us, ms or s");

        var body = context.Request.Body;
        await using var gunzip = context.Request.Headers.ContentEncoding.ToString() == "gzip" ? new GZipStream(body, CompressionMode.Decompress) : null;
        using var reader = new StreamReader(gunzip ?? body, Encoding.UTF8);
        IReadOnlyList<InfluxPoint> points;
        try
        {
            points = LineProtocol.Parse(await reader.ReadToEndAsync(context.RequestAborted), precision, standIn.Now());
        }
        catch (FormatException e)
        {
            return InfluxErrors.Invalid(e.Message);
        }
        catch (InvalidDataException)
        {
            return InfluxErrors.Invalid("the body says Content-Encoding: gzip but is not gzip");
        }
        var conflicts = standIn.Store.Write(bucket, points);
        if (conflicts.Count > 0)
            return InfluxErrors.Unprocessable($"failure writing points to database: partial write: {conflicts[0]} dropped={conflicts.Count}");
        return Results.NoContent();
    }

    private static async Task<IResult> QueryAsync(HttpContext context, InfluxStandIn standIn)
    {
        if (Refusal(context, standIn.Options) is { } refused)
            return refused;
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        string query;
        IReadOnlyList<string> annotations = AnnotatedCsv.DefaultAnnotations;
        var header = true;
        if (context.Request.ContentType?.StartsWith("application/vnd.flux", StringComparison.OrdinalIgnoreCase) == true)
        {
            query = text;
        }
        else
        {
            JsonObject? json;
            try
            {
                json = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException e)
            {
                return InfluxErrors.Invalid($"failed to decode request body: {e.Message}");
            }
            if (json?["query"] is not JsonValue q || !q.TryGetValue<string>(out var flux) || flux.Length == 0)
                return InfluxErrors.Invalid("failed to decode request body: request body requires either query or AST");
            if (json["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type != "flux")
                return InfluxErrors.Invalid($"unsupported query type \"{type}\": the stand-in evaluates Flux");
            query = flux;
            if (json["dialect"] is JsonObject dialect)
            {
                if (dialect["delimiter"] is JsonValue d && d.TryGetValue<string>(out var delimiter) && delimiter != ",")
                    return InfluxErrors.Invalid($"the sandbox's InfluxDB stand-in writes CSV with the delimiter \",\" only, not \"{delimiter}\"");
                if (dialect["header"] is JsonValue h && h.TryGetValue<bool>(out var withHeader))
                    header = withHeader;
                if (dialect["annotations"] is JsonArray asked)
                {
                    var names = asked.Select(a => a?.GetValue<string>() ?? "").ToList();
                    if (names.FirstOrDefault(n => !AnnotatedCsv.DefaultAnnotations.Contains(n)) is { } unknown)
                        return InfluxErrors.Invalid($"unsupported annotation \"{unknown}\": datatype, group or default");
                    annotations = names;
                }
            }
        }

        try
        {
            var flux = FluxParser.Parse(query);
            var tables = flux.Run(standIn.Store, standIn.Now());
            return Results.Text(AnnotatedCsv.Write(flux.ResultName, tables, annotations, header), "text/csv; charset=utf-8");
        }
        catch (FluxException e)
        {
            return e.NotFound ? InfluxErrors.NotFound(e.Message) : InfluxErrors.Invalid(e.Message);
        }
    }

    /// <summary>A wrong or missing token (401), or no or an unknown organization: what InfluxDB answers before looking further.</summary>
    private static IResult? Refusal(HttpContext context, InfluxStandInOptions options)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Token ", StringComparison.Ordinal) ? authorization[6..]
            : authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..]
            : null;
        if (token is null || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(options.Token)))
            return InfluxErrors.Unauthorized();
        var org = context.Request.Query["org"].ToString();
        var orgId = context.Request.Query["orgID"].ToString();
        if (org.Length == 0 && orgId.Length == 0)
            return InfluxErrors.Invalid("Please provide either orgID or org");
        if (org.Length > 0 && org != options.Org && org != options.OrgId)
            return InfluxErrors.NotFound($"organization name \"{org}\" not found");
        if (org.Length == 0 && orgId != options.OrgId)
            return InfluxErrors.NotFound("organization not found");
        return null;
    }
}
