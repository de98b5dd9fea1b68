using System.Text;

namespace OpsBot.Sandbox.Influx;

/// <summary>
/// Writes a result as InfluxDB 2's Flux CSV encoder does: CRLF line ends; per block of tables with one schema the
/// annotation rows the dialect asks for (<c>#datatype</c>, <c>#group</c>, <c>#default</c>, in its order) and the
/// header; each row <c>,,&lt;table&gt;,…</c> (the result name is the <c>#default</c>); a blank line before each new
/// schema; times in RFC3339 with nanoseconds; and one blank line after the result. A result without tables is that
/// blank line alone.
/// </summary>
internal static class AnnotatedCsv
{
    /// <summary>The annotations InfluxDB writes by default (and InfluxDB.Client asks for), in its order.</summary>
    public static readonly IReadOnlyList<string> DefaultAnnotations = ["datatype", "group", "default"];

    public static string Write(string resultName, IReadOnlyList<FluxTable> tables, IReadOnlyList<string> annotations, bool header)
    {
        var csv = new StringBuilder();
        string? lastSchema = null;
        for (var id = 0; id < tables.Count; id++)
        {
            var table = tables[id];
            var tagKeys = table.Tags.Select(t => t.Key).ToList();
            string[] labels = ["", "result", "table", "_start", "_stop", "_time", "_value", "_field", "_measurement", .. tagKeys];
            var value = new InfluxValue(table.Type, "");
            var schema = string.Join(',', labels) + "|" + value.Datatype;
            if (schema != lastSchema)
            {
                if (lastSchema is not null)
                    csv.Append("\r\n");
                foreach (var annotation in annotations)
                {
                    string[] row = annotation switch
                    {
                        "datatype" => ["#datatype", "string", "long", "dateTime:RFC3339", "dateTime:RFC3339", "dateTime:RFC3339", value.Datatype, "string", "string", .. tagKeys.Select(_ => "string")],
                        "group" => ["#group", "false", "false", "true", "true", "false", "false", "true", "true", .. tagKeys.Select(_ => "true")],
                        _ => ["#default", resultName, .. Enumerable.Repeat("", labels.Length - 2)],
                    };
                    Row(csv, row);
                }
                if (header)
                    Row(csv, labels);
                lastSchema = schema;
            }
            foreach (var (time, v) in table.Rows)
            {
                Row(csv, ["", "", id.ToString(System.Globalization.CultureInfo.InvariantCulture), FluxNumbers.Time(table.Start), FluxNumbers.Time(table.Stop),
                    FluxNumbers.Time(time), v.Text, table.Field, table.Measurement, .. table.Tags.Select(t => t.Value)]);
            }
        }
        return csv.Append("\r\n").ToString();
    }

    /// <summary>One CSV record, quoted where Go's encoding/csv quotes (a comma, a quote, a line end, a leading space).</summary>
    private static void Row(StringBuilder csv, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
                csv.Append(',');
            first = false;
            if (cell.Length > 0 && (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || cell[0] is ' ' or '\t'))
                csv.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else
                csv.Append(cell);
        }
        csv.Append("\r\n");
    }
}
