using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.Logs;

/// <summary>
/// StartQuery: exactly one of logGroupName, logGroupNames (up to 50) and logGroupIdentifiers (names or ARNs);
/// startTime and endTime in epoch seconds, both included; a Logs Insights query string (<see cref="InsightsQueryParser"/>);
/// an optional limit. A group the world does not have is a ResourceNotFoundException; the query is evaluated at once.
/// </summary>
internal sealed class StartQueryOperation(LogsWorld world, LogsQueries queries)
{
    public JsonObject Handle(JsonObject input)
    {
        var groups = Groups(input);
        var start = LogsInput.Long(input, "startTime") ?? throw LogsException.InvalidParameter("1 validation error detected: Value null at 'startTime' failed to satisfy constraint: Member must not be null");
        var end = LogsInput.Long(input, "endTime") ?? throw LogsException.InvalidParameter("1 validation error detected: Value null at 'endTime' failed to satisfy constraint: Member must not be null");
        if (start < 0 || end < 0)
            throw LogsException.InvalidParameter("startTime and endTime must be epoch seconds, not negative.");
        if (end < start)
            throw LogsException.InvalidParameter("End time should not be before the start time");
        var queryString = LogsInput.String(input, "queryString") ?? throw LogsException.InvalidParameter("1 validation error detected: Value null at 'queryString' failed to satisfy constraint: Member must not be null");
        if (queryString.Length > 10_000)
            throw LogsException.InvalidParameter("1 validation error detected: Value at 'queryString' failed to satisfy constraint: Member must have length less than or equal to 10000");
        if (LogsInput.String(input, "queryLanguage") is { } language && language != "CWLI")
            throw LogsException.InvalidParameter($"The sandbox evaluates Logs Insights QL (CWLI) only, not {language}.");
        var limit = LogsInput.Long(input, "limit");
        if (limit is < 1 or > 10_000)
            throw LogsException.InvalidParameter("1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000");

        var query = InsightsQueryParser.Parse(queryString);
        foreach (var group in groups.Where(g => !world.HasGroup(g)))
            throw LogsException.ResourceNotFound($"Log group '{group}' does not exist for account ID '{world.AccountId}'");
        // Both ends are included, to the millisecond: endTime 10:15:02 includes an event at 10:15:02.999.
        var events = world.Events(groups, start * 1000, (end * 1000) + 999);
        return new JsonObject { ["queryId"] = queries.Add(query.Run(events, world.AccountId, (int?)limit)) };
    }

    private IReadOnlyList<string> Groups(JsonObject input)
    {
        var name = LogsInput.String(input, "logGroupName");
        var names = LogsInput.Strings(input, "logGroupNames");
        var identifiers = LogsInput.Strings(input, "logGroupIdentifiers");
        if (new object?[] { name, names, identifiers }.Count(x => x is not null) != 1)
            throw LogsException.InvalidParameter("Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be specified.");
        IReadOnlyList<string> groups = name is not null ? [name] : names ?? [.. identifiers!.Select(FromIdentifier)];
        if (groups.Count is 0 or > 50)
            throw LogsException.InvalidParameter("A query names from 1 to 50 log groups.");
        return groups;
    }

    /// <summary>A group's name from a name or an ARN (<c>arn:aws:logs:region:account:log-group:name</c>).</summary>
    private string FromIdentifier(string identifier)
    {
        if (!identifier.StartsWith("arn:", StringComparison.Ordinal))
            return identifier;
        var parts = identifier.Split(':', 7);
        if (parts.Length != 7 || parts[2] != "logs" || parts[5] != "log-group")
            throw LogsException.InvalidParameter($"'{identifier}' is not a log group ARN (arn:aws:logs:region:account-id:log-group:name).");
        if (parts[3] != world.Region || parts[4] != world.AccountId)
            throw LogsException.ResourceNotFound($"Log group '{parts[6]}' does not exist for account ID '{parts[4]}' in {parts[3]}");
        return parts[6].EndsWith(":*", StringComparison.Ordinal) ? throw LogsException.InvalidParameter("Don't end a log group ARN with :* in logGroupIdentifiers.") : parts[6];
    }
}
