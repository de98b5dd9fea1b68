using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Influx;

/// <summary>InfluxDB 2's error answers: <c>{"code": "…", "message": "…"}</c> as JSON, with its status.</summary>
internal static class InfluxErrors
{
    public static IResult Unauthorized() => Error(401, "unauthorized", "unauthorized access");

    public static IResult Invalid(string message) => Error(400, "invalid", message);

    public static IResult NotFound(string message) => Error(404, "not found", message);

    public static IResult Unprocessable(string message) => Error(422, "unprocessable entity", message);

    public static IResult Error(int status, string code, string message) =>
        Results.Text(new JsonObject { ["code"] = code, ["message"] = message }.ToJsonString(), "application/json; charset=utf-8", statusCode: status);
}
