using System.Globalization;
using System.Text;

namespace OpsBot.Sandbox.Influx;

/// <summary>
/// Reads InfluxDB line protocol, <c>measurement[,tag=value…] field=value[,field=value…] [timestamp]</c>, with its
/// escapes (backslash before comma, space and, in keys and tag values, equals; <c>\"</c> and <c>\\</c> in strings), field
/// types (float, <c>1i</c>, <c>1u</c>, <c>"string"</c>, <c>t</c>/<c>false</c>…), comments and blank lines. A bad line is
/// refused the way InfluxDB words it: <c>unable to parse '…': missing fields</c>.
/// </summary>
internal static class LineProtocol
{
    /// <summary>The points of <paramref name="body"/>; a line without a timestamp gets <paramref name="now"/>.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="precision">ns, us, ms or s: the unit of the timestamps.</param>
    /// <param name="now">The server's time, in nanoseconds.</param>
    /// <exception cref="FormatException">A line does not parse; the message is InfluxDB's.</exception>
    public static IReadOnlyList<InfluxPoint> Parse(string body, string precision, long now)
    {
        var scale = precision switch
        {
            "ns" => 1L,
            "us" => 1_000L,
            "ms" => 1_000_000L,
            "s" => 1_000_000_000L,
            _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "ns, us, ms or s"),
        };
        var points = new List<InfluxPoint>();
        var errors = new List<string>();
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.TrimEnd('\r').TrimStart(' ', '\t');
            if (line.Length == 0 || line[0] == '#')
                continue;
            try
            {
                points.Add(ParseLine(line, scale, now));
            }
            catch (FormatException e)
            {
                errors.Add($"unable to parse '{line}': {e.Message}");
            }
        }
        if (errors.Count > 0)
            throw new FormatException(string.Join("\n", errors));
        return points;
    }

    private static InfluxPoint ParseLine(string line, long scale, long now)
    {
        var i = 0;
        var measurement = Token(line, ref i, stopAtEquals: false);
        if (measurement.Length == 0)
            throw new FormatException("missing measurement");
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (i < line.Length && line[i] == ',')
        {
            i++;
            var key = Token(line, ref i, stopAtEquals: true);
            if (i >= line.Length || line[i] != '=' || key.Length == 0)
                throw new FormatException("missing tag key");
            i++;
            var value = Token(line, ref i, stopAtEquals: true);
            if (value.Length == 0)
                throw new FormatException("missing tag value");
            tags[key] = value;
        }
        if (i >= line.Length || line[i] != ' ')
            throw new FormatException("missing fields");
        while (i < line.Length && line[i] == ' ')
            i++;

        var fields = new List<KeyValuePair<string, InfluxValue>>();
        while (true)
        {
            var key = Token(line, ref i, stopAtEquals: true);
            if (key.Length == 0)
                throw new FormatException("missing fields");
            if (i >= line.Length || line[i] != '=')
                throw new FormatException("missing field value");
            i++;
            fields.RemoveAll(f => f.Key == key);
            fields.Add(new(key, FieldValue(line, ref i)));
            if (i < line.Length && line[i] == ',')
            {
                i++;
                continue;
            }
            break;
        }

        while (i < line.Length && line[i] == ' ')
            i++;
        var time = now;
        if (i < line.Length)
        {
            var stamp = line[i..].TrimEnd();
            if (!long.TryParse(stamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var units))
                throw new FormatException("bad timestamp");
            time = checked(units * scale);
        }
        return new InfluxPoint(measurement, [.. tags], fields, time);
    }

    /// <summary>A measurement, key or tag value: up to an unescaped space or comma (and equals, in keys and tag values).</summary>
    private static string Token(string line, ref int i, bool stopAtEquals)
    {
        var sb = new StringBuilder();
        for (; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && (line[i + 1] is ',' or ' ' or '=' or '\\' || line[i + 1] == '"'))
            {
                sb.Append(line[++i]);
                continue;
            }
            if (c is ',' or ' ' || (stopAtEquals && c == '='))
                break;
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static InfluxValue FieldValue(string line, ref int i)
    {
        if (i < line.Length && line[i] == '"')
        {
            var sb = new StringBuilder();
            for (i++; i < line.Length; i++)
            {
                var c = line[i];
                if (c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\')
                {
                    sb.Append(line[++i]);
                    continue;
                }
                if (c == '"')
                {
                    i++;
                    return new InfluxValue(InfluxType.String, sb.ToString());
                }
                sb.Append(c);
            }
            throw new FormatException("unbalanced quotes");
        }
        var start = i;
        while (i < line.Length && line[i] is not (',' or ' '))
            i++;
        var text = line[start..i];
        if (text.Length == 0)
            throw new FormatException("missing field value");
        switch (text)
        {
            case "t" or "T" or "true" or "True" or "TRUE":
                return new InfluxValue(InfluxType.Boolean, true);
            case "f" or "F" or "false" or "False" or "FALSE":
                return new InfluxValue(InfluxType.Boolean, false);
        }
        if (text[^1] == 'i' && long.TryParse(text[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return new InfluxValue(InfluxType.Integer, integer);
        if (text[^1] == 'u' && ulong.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var unsigned))
            return new InfluxValue(InfluxType.UInteger, unsigned);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return new InfluxValue(InfluxType.Float, number);
        throw new FormatException("invalid number");
    }
}
