using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OpsBot.Sandbox.Aws.Logs;

/// <summary>
/// Reads the part of the Logs Insights query language the emulator evaluates: commands separated by <c>|</c> —
/// <c>fields</c> and <c>display</c> (a list of fields), <c>filter</c> (conditions <c>field like /regex/</c>,
/// <c>field like "text"</c>, <c>field not like …</c>, <c>field =~ /regex/</c>, <c>field = "text"</c>, <c>field != "text"</c>,
/// joined by and, or, not and parentheses), <c>sort field asc|desc</c> and <c>limit N</c>. Anything else (stats, parse,
/// functions, another command) is a MalformedQueryException that says where and what the emulator evaluates.
/// </summary>
internal sealed class InsightsQueryParser
{
    private const string Supports = "the sandbox's Logs Insights evaluates fields, display, filter (like, not like, =~, =, != with and, or, not), sort and limit";

    private readonly string _query;
    private int _at;

    private InsightsQueryParser(string query) => _query = query;

    public static InsightsQuery Parse(string query) => new InsightsQueryParser(query).Query();

    private InsightsQuery Query()
    {
        List<string>? fields = null;
        var filters = new List<InsightsCondition>();
        string? sortField = null;
        var descending = false;
        int? limit = null;
        do
        {
            var (command, at) = Word();
            switch (command.ToLowerInvariant())
            {
                case "fields" or "display":
                    fields ??= [];
                    do
                    {
                        var field = Field();
                        if (!fields.Contains(field))
                            fields.Add(field);
                    }
                    while (Take(","));
                    break;
                case "filter":
                    filters.Add(Or());
                    break;
                case "sort":
                    sortField = Field();
                    descending = false;
                    if (Keyword("desc"))
                        descending = true;
                    else
                        Keyword("asc");
                    break;
                case "limit":
                    Skip();
                    var start = _at;
                    while (_at < _query.Length && char.IsAsciiDigit(_query[_at]))
                        _at++;
                    if (!int.TryParse(_query[start.._at], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 10_000)
                        throw Malformed(start, Math.Max(_at, start + 1), "limit takes a number of results from 1 to 10000");
                    limit = limit is null ? n : Math.Min(limit.Value, n);
                    break;
                case "":
                    throw Malformed(at, at + 1, $"expected a command; {Supports}");
                default:
                    throw Malformed(at, at + command.Length, $"unsupported command '{command}': {Supports}");
            }
            Skip();
            if (_at < _query.Length && _query[_at] != '|')
                throw Malformed(_at, _at + 1, $"unexpected symbol '{_query[_at]}' at position {_at + 1}: {Supports}");
        }
        while (Take("|"));
        return new InsightsQuery(fields, filters, sortField, descending, limit);
    }

    private InsightsCondition Or()
    {
        var left = And();
        while (Keyword("or"))
            left = new InsightsCondition.Or(left, And());
        return left;
    }

    private InsightsCondition And()
    {
        var left = Unary();
        while (Keyword("and"))
            left = new InsightsCondition.And(left, Unary());
        return left;
    }

    private InsightsCondition Unary()
    {
        if (Keyword("not"))
            return new InsightsCondition.Not(Unary());
        if (Take("("))
        {
            var inner = Or();
            if (!Take(")"))
                throw Malformed(_at, _at + 1, "expected ')'");
            return inner;
        }
        var field = Field();
        if (Keyword("like"))
            return new InsightsCondition.Like(field, Pattern());
        if (Keyword("not"))
        {
            if (!Keyword("like"))
                throw Malformed(_at, _at + 1, "expected 'like' after 'not'");
            return new InsightsCondition.Not(new InsightsCondition.Like(field, Pattern()));
        }
        if (Take("=~"))
            return new InsightsCondition.Like(field, Pattern());
        var negated = Take("!=");
        if (negated || Take("="))
            return new InsightsCondition.Equal(field, StringLiteral(), negated);
        Skip();
        throw Malformed(_at, _at + 1, $"expected like, not like, =~, = or != after {field}: {Supports}");
    }

    /// <summary>A regular expression <c>/…/</c> (with flags such as <c>(?i)</c> inside), or a string: a substring to find.</summary>
    private Regex Pattern()
    {
        Skip();
        if (_at < _query.Length && _query[_at] is '"' or '\'')
            return new Regex(Regex.Escape(StringLiteral()), RegexOptions.CultureInvariant);
        var start = _at;
        if (!Take("/"))
            throw Malformed(_at, _at + 1, "expected a regular expression /…/ or a string");
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
                    throw Malformed(start, _at, $"invalid regular expression: {e.Message}");
                }
            }
            sb.Append(c);
        }
        throw Malformed(start, _query.Length, "unterminated regular expression");
    }

    private string StringLiteral()
    {
        Skip();
        var start = _at;
        if (_at >= _query.Length || _query[_at] is not ('"' or '\''))
            throw Malformed(_at, _at + 1, "expected a string");
        var quote = _query[_at++];
        var sb = new StringBuilder();
        for (; _at < _query.Length; _at++)
        {
            var c = _query[_at];
            if (c == '\\' && _at + 1 < _query.Length)
            {
                sb.Append(_query[++_at]);
                continue;
            }
            if (c == quote)
            {
                _at++;
                return sb.ToString();
            }
            sb.Append(c);
        }
        throw Malformed(start, _query.Length, "unterminated string");
    }

    /// <summary>A field name: <c>@message</c>, <c>level</c>, <c>a.b</c>; a function call or an alias is refused.</summary>
    private string Field()
    {
        var (name, at) = Word();
        if (name.Length == 0)
            throw Malformed(at, at + 1, "expected a field name");
        Skip();
        if (_at < _query.Length && _query[_at] == '(')
            throw Malformed(at, _at + 1, $"unsupported function '{name}': {Supports}");
        if (Keyword("as"))
            throw Malformed(at, _at, $"aliases (as) are not supported: {Supports}");
        return name;
    }

    private (string Word, int At) Word()
    {
        Skip();
        var start = _at;
        while (_at < _query.Length && (char.IsAsciiLetterOrDigit(_query[_at]) || _query[_at] is '@' or '_' or '.' or '$'))
            _at++;
        return (_query[start.._at], start);
    }

    private bool Keyword(string word)
    {
        Skip();
        var end = _at + word.Length;
        if (end <= _query.Length && string.Compare(_query, _at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
            (end == _query.Length || !(char.IsAsciiLetterOrDigit(_query[end]) || _query[end] is '@' or '_')))
        {
            _at = end;
            return true;
        }
        return false;
    }

    private bool Take(string symbol)
    {
        Skip();
        if (_at + symbol.Length <= _query.Length && string.CompareOrdinal(_query, _at, symbol, 0, symbol.Length) == 0)
        {
            _at += symbol.Length;
            return true;
        }
        return false;
    }

    private void Skip()
    {
        while (_at < _query.Length && char.IsWhiteSpace(_query[_at]))
            _at++;
    }

    private static LogsException Malformed(int start, int end, string message) => LogsException.MalformedQuery(start, end, message);
}
