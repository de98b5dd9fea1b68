using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OpsBot.Sandbox.Influx;

/// <summary>
/// Reads the small part of Flux the stand-in evaluates (<see cref="FluxQuery"/>): one pipeline of <c>from</c>,
/// <c>range</c>, <c>filter</c>, <c>last</c>, <c>first</c>, <c>limit</c>, <c>sort</c> and <c>yield</c>, with string,
/// number, boolean, duration, time, regex and array-of-string literals, <c>now()</c>, and predicates of <c>r.column</c> or <c>r["column"]</c> compared
/// with ==, !=, &lt;, &lt;=, &gt;, &gt;=, =~, !~, joined by and, or, not and parentheses. Anything else — another function,
/// a variable, an import, a second statement — is refused with where it is and what the stand-in evaluates, rather
/// than answered wrongly.
/// </summary>
internal sealed partial class FluxParser
{
    private const string Supports = "the sandbox's InfluxDB stand-in evaluates only from(bucket:) |> range(start:, stop:) |> filter(fn:) |> last(), first(), limit(n:) or sort(columns: [\"_time\"], desc:) |> yield(name:)";

    private readonly string _query;
    private int _at;

    private FluxParser(string query) => _query = query;

    public static FluxQuery Parse(string query) => new FluxParser(query).Program();

    private FluxQuery Program()
    {
        Skip();
        var (name, start) = Identifier();
        if (name != "from")
            throw Unsupported(start, name);
        var fromArgs = Arguments("from");
        var bucket = fromArgs.GetValueOrDefault("bucket") as string
            ?? throw FluxException.At(_query, start, _at, fromArgs.ContainsKey("bucketID") ? "bucketID is not supported here: name the bucket (bucket: \"metrics\")" : "missing required argument bucket");

        FluxTime? rangeStart = null;
        var rangeStop = new FluxTime(0, Relative: true);
        var filters = new List<FluxPredicate>();
        var selectors = new List<FluxSelector>();
        var result = "_result";
        var yielded = false;
        while (Peek("|>"))
        {
            _at += 2;
            Skip();
            if (yielded)
                throw FluxException.At(_query, _at, _at, "nothing can follow yield() here: " + Supports);
            var (function, at) = Identifier();
            switch (function)
            {
                case "range":
                    if (rangeStart is not null)
                        throw FluxException.At(_query, at, _at, "range() is called twice: " + Supports);
                    var range = Arguments("range");
                    rangeStart = range.GetValueOrDefault("start") as FluxTime? ?? throw FluxException.At(_query, at, _at, "missing required argument start");
                    if (range.GetValueOrDefault("stop") is FluxTime stop)
                        rangeStop = stop;
                    break;
                case "filter":
                    if (selectors.Count > 0)
                        throw FluxException.At(_query, at, at + function.Length, "filter() after a selector: " + Supports);
                    var filter = Arguments("filter");
                    if (filter.GetValueOrDefault("onEmpty") is string onEmpty && onEmpty != "drop")
                        throw FluxException.At(_query, at, _at, $"onEmpty: \"{onEmpty}\" is not supported: a table left without rows is dropped");
                    filters.Add(filter.GetValueOrDefault("fn") as FluxPredicate ?? throw FluxException.At(_query, at, _at, "missing required argument fn"));
                    break;
                case "last" or "first":
                    var column = Arguments(function).GetValueOrDefault("column");
                    if (column is not null and not "_value")
                        throw FluxException.At(_query, at, _at, $"{function}(column:) other than \"_value\" is not supported");
                    selectors.Add(new FluxSelector(function));
                    break;
                case "limit":
                    var limit = Arguments("limit");
                    selectors.Add(new FluxSelector("limit", Count(limit, "n", at) ?? throw FluxException.At(_query, at, _at, "missing required argument n"), Count(limit, "offset", at) ?? 0));
                    break;
                case "sort":
                    var sort = Arguments("sort");
                    var columns = sort.GetValueOrDefault("columns") as IReadOnlyList<string> ?? ["_value"];
                    if (columns is not [("_time" or "_value") and var sortColumn])
                        throw FluxException.At(_query, at, _at, "sort(columns:) takes [\"_time\"] or [\"_value\"] here");
                    var desc = sort.GetValueOrDefault("desc") switch
                    {
                        null => false,
                        bool b => b,
                        _ => throw FluxException.At(_query, at, _at, "desc must be true or false"),
                    };
                    selectors.Add(new FluxSelector("sort", Column: sortColumn, Descending: desc));
                    break;
                case "yield":
                    result = Arguments("yield").GetValueOrDefault("name") as string ?? "_result";
                    yielded = true;
                    break;
                default:
                    throw Unsupported(at, function);
            }
        }
        Skip();
        if (_at < _query.Length)
            throw FluxException.At(_query, _at, _query.Length, "a second statement (or an expression the pipeline cannot take) is not supported: " + Supports);
        if (rangeStart is null)
            throw new FluxException($"error in building plan while starting program: cannot submit unbounded read to \"{bucket}\"; try bounding 'from' with a call to 'range'");
        return new FluxQuery(bucket, rangeStart.Value, rangeStop, filters, selectors, result);
    }

    private int? Count(Dictionary<string, object?> arguments, string name, int at) => arguments.GetValueOrDefault(name) switch
    {
        null => null,
        InfluxValue { Type: InfluxType.Integer, Value: long n } when n is >= 0 and <= int.MaxValue => (int)n,
        _ => throw FluxException.At(_query, at, _at, $"{name} must be a non-negative integer"),
    };

    private FluxException Unsupported(int at, string name) =>
        FluxException.At(_query, at, at + name.Length, $"{name}() is not supported: {Supports}");

    /// <summary>A call's arguments after its name: <c>(name: value, …)</c>.</summary>
    private Dictionary<string, object?> Arguments(string function)
    {
        Expect("(");
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (!Peek(")"))
        {
            var (name, _) = Identifier();
            Expect(":");
            arguments[name] = function == "filter" && name == "fn" ? Function() : Value();
            if (!Peek(","))
                break;
            Expect(",");
        }
        Expect(")");
        return arguments;
    }

    /// <summary>A literal argument: a string, a number, a duration or time (as a <see cref="FluxTime"/>), or now().</summary>
    private object? Value()
    {
        Skip();
        var start = _at;
        if (Peek("\""))
            return StringLiteral();
        if (Keyword("true"))
            return true;
        if (Keyword("false"))
            return false;
        if (Peek("["))
        {
            Expect("[");
            var items = new List<string>();
            while (!Peek("]"))
            {
                Skip();
                items.Add(Peek("\"") ? StringLiteral() : throw FluxException.At(_query, _at, _at + 1, "an array here holds strings (column names)"));
                if (!Peek(","))
                    break;
                Expect(",");
            }
            Expect("]");
            return items;
        }
        if (Match(TimeLiteral()) is { } time)
        {
            if (!DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                throw FluxException.At(_query, start, _at, $"invalid time literal {time}");
            return new FluxTime(FluxNumbers.Nanoseconds(at), Relative: false);
        }
        if (Match(DurationLiteral()) is { } duration)
            return new FluxTime(Duration(duration, start), Relative: true);
        if (Match(NumberLiteral()) is { } number)
            return Number(number, start);
        var (name, _) = Identifier();
        if (name == "now")
        {
            Expect("(");
            Expect(")");
            return new FluxTime(0, Relative: true);
        }
        throw FluxException.At(_query, start, _at, $"{name} is not supported as an argument here (a variable, an identifier or an expression): {Supports}");
    }

    /// <summary><c>(r) => predicate</c>.</summary>
    private FluxPredicate Function()
    {
        Expect("(");
        var (parameter, _) = Identifier();
        Expect(")");
        Expect("=>");
        return Or(parameter);
    }

    private FluxPredicate Or(string r)
    {
        var left = And(r);
        while (Keyword("or"))
            left = new FluxPredicate.Or(left, And(r));
        return left;
    }

    private FluxPredicate And(string r)
    {
        var left = Unary(r);
        while (Keyword("and"))
            left = new FluxPredicate.And(left, Unary(r));
        return left;
    }

    private FluxPredicate Unary(string r)
    {
        if (Keyword("not"))
            return new FluxPredicate.Not(Unary(r));
        Skip();
        if (Peek("("))
        {
            Expect("(");
            var inner = Or(r);
            Expect(")");
            return inner;
        }
        var start = _at;
        if (Keyword("true"))
            return new FluxPredicate.Constant(true);
        if (Keyword("false"))
            return new FluxPredicate.Constant(false);
        var column = Column(r);
        Skip();
        var op = new[] { "==", "!=", "<=", ">=", "=~", "!~", "<", ">" }.FirstOrDefault(Peek)
            ?? throw FluxException.At(_query, start, _at, $"expected a comparison of r.{column} (==, !=, <, <=, >, >=, =~, !~)");
        _at += op.Length;
        Skip();
        if (op is "=~" or "!~")
            return new FluxPredicate.Compare(column, op, null, RegexLiteral());
        var literalAt = _at;
        var literal = Peek("\"") ? new InfluxValue(InfluxType.String, StringLiteral())
            : Keyword("true") ? new InfluxValue(InfluxType.Boolean, true)
            : Keyword("false") ? new InfluxValue(InfluxType.Boolean, false)
            : Match(NumberLiteral()) is { } n ? Number(n, literalAt)
            : throw FluxException.At(_query, literalAt, literalAt + 1, $"r.{column} can be compared with a string, number or boolean literal here: {Supports}");
        return new FluxPredicate.Compare(column, op, literal, null);
    }

    /// <summary><c>r.column</c> or <c>r["column"]</c>.</summary>
    private string Column(string r)
    {
        var (name, at) = Identifier();
        if (name != r)
            throw FluxException.At(_query, at, _at, $"undefined identifier {name}");
        if (Peek("."))
        {
            _at++;
            return Identifier().Name;
        }
        if (Peek("["))
        {
            Expect("[");
            Skip();
            var column = StringLiteral();
            Expect("]");
            return column;
        }
        throw FluxException.At(_query, at, _at, $"expected {r}.column or {r}[\"column\"]");
    }

    private (string Name, int At) Identifier()
    {
        Skip();
        var start = _at;
        while (_at < _query.Length && (char.IsAsciiLetterOrDigit(_query[_at]) || _query[_at] == '_'))
            _at++;
        if (_at == start || char.IsAsciiDigit(_query[start]))
            throw FluxException.At(_query, start, start + 1, $"expected an identifier, found {(start < _query.Length ? $"'{_query[start]}'" : "the end")}");
        return (_query[start.._at], start);
    }

    private bool Keyword(string word)
    {
        Skip();
        var end = _at + word.Length;
        if (end <= _query.Length && string.CompareOrdinal(_query, _at, word, 0, word.Length) == 0 &&
            (end == _query.Length || !(char.IsAsciiLetterOrDigit(_query[end]) || _query[end] == '_')))
        {
            _at = end;
            return true;
        }
        return false;
    }

    private string StringLiteral()
    {
        var start = _at;
        Expect("\"");
        var sb = new StringBuilder();
        for (; _at < _query.Length; _at++)
        {
            var c = _query[_at];
            if (c == '\\' && _at + 1 < _query.Length)
            {
                var next = _query[++_at];
                sb.Append(next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', _ => next });
                continue;
            }
            if (c == '"')
            {
                _at++;
                return sb.ToString();
            }
            if (c == '$' && _at + 1 < _query.Length && _query[_at + 1] == '{')
                throw FluxException.At(_query, _at, _at + 2, "string interpolation is not supported: " + Supports);
            sb.Append(c);
        }
        throw FluxException.At(_query, start, _query.Length, "unterminated string literal");
    }

    private Regex RegexLiteral()
    {
        var start = _at;
        Expect("/");
        var sb = new StringBuilder();
        for (; _at < _query.Length; _at++)
        {
            var c = _query[_at];
            if (c == '\\' && _at + 1 < _query.Length && _query[_at + 1] == '/')
            {
                sb.Append('/');
                _at++;
                continue;
            }
            if (c == '/')
            {
                _at++;
                try
                {
                    return new Regex(sb.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    throw FluxException.At(_query, start, _at, $"invalid regular expression: {e.Message}");
                }
            }
            sb.Append(c);
        }
        throw FluxException.At(_query, start, _query.Length, "unterminated regular expression");
    }

    private long Duration(string literal, int at)
    {
        var negative = literal.StartsWith('-');
        long total = 0;
        foreach (Match part in DurationPart().Matches(negative ? literal[1..] : literal))
        {
            var unit = part.Groups[2].Value switch
            {
                "ns" => 1L,
                "us" or "µs" => 1_000L,
                "ms" => 1_000_000L,
                "s" => 1_000_000_000L,
                "m" => 60_000_000_000L,
                "h" => 3_600_000_000_000L,
                "d" => 86_400_000_000_000L,
                "w" => 604_800_000_000_000L,
                var other => throw FluxException.At(_query, at, _at, $"the duration unit {other} is not supported (calendar units need a calendar): use ns, us, ms, s, m, h, d or w"),
            };
            total = checked(total + long.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture) * unit);
        }
        return negative ? -total : total;
    }

    private InfluxValue Number(string literal, int at)
    {
        if (long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return new InfluxValue(InfluxType.Integer, integer);
        if (double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return new InfluxValue(InfluxType.Float, number);
        throw FluxException.At(_query, at, _at, $"invalid number {literal}");
    }

    private string? Match(Regex pattern)
    {
        Skip();
        var match = pattern.Match(_query, _at);
        if (!match.Success || match.Index != _at)
            return null;
        _at += match.Length;
        return match.Value;
    }

    private bool Peek(string text)
    {
        Skip();
        return string.CompareOrdinal(_query, _at, text, 0, text.Length) == 0 && _at + text.Length <= _query.Length;
    }

    private void Expect(string text)
    {
        if (!Peek(text))
            throw FluxException.At(_query, _at, _at + 1, $"expected {text}, found {(_at < _query.Length ? $"'{_query[_at]}'" : "the end")}");
        _at += text.Length;
    }

    /// <summary>Skips white space and <c>//</c> comments.</summary>
    private void Skip()
    {
        while (_at < _query.Length)
        {
            if (char.IsWhiteSpace(_query[_at]))
                _at++;
            else if (_at + 1 < _query.Length && _query[_at] == '/' && _query[_at + 1] == '/')
                while (_at < _query.Length && _query[_at] != '\n')
                    _at++;
            else
                break;
        }
    }

    [GeneratedRegex(@"\G\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?(?![\w.])")]
    private static partial Regex TimeLiteral();

    [GeneratedRegex(@"\G-?(\d+(ns|us|µs|ms|mo|s|m|h|d|w|y))+(?![\w.])")]
    private static partial Regex DurationLiteral();

    [GeneratedRegex(@"(\d+)(ns|us|µs|ms|mo|s|m|h|d|w|y)")]
    private static partial Regex DurationPart();

    [GeneratedRegex(@"\G-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.])")]
    private static partial Regex NumberLiteral();
}
