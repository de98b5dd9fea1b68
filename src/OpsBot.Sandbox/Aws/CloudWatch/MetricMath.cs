using System.Globalization;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>A parsed metric-math expression.</summary>
internal abstract record MathNode;

internal sealed record NumberNode(double Value) : MathNode;

internal sealed record ReferenceNode(string Id) : MathNode;

internal sealed record NegateNode(MathNode Operand) : MathNode;

internal sealed record BinaryNode(char Operator, MathNode Left, MathNode Right) : MathNode;

/// <summary>
/// The part of CloudWatch metric math the sandbox evaluates: arithmetic (<c>+ - * / ^</c>, unary minus, parentheses)
/// over numbers and the ids of other queries, e.g. <c>errors / invocations * 100</c>. Functions (<c>METRICS()</c>,
/// <c>SUM(...)</c>, <c>FILL(...)</c>, ...) and <c>SEARCH</c> are refused with InvalidParameterValue saying so.
/// </summary>
internal static class MetricMath
{
    public static MathNode Parse(string expression, string id) => new Parser(expression, id).ParseAll();

    /// <summary>The query ids the expression uses.</summary>
    public static IEnumerable<string> References(MathNode node) => node switch
    {
        ReferenceNode r => [r.Id],
        NegateNode n => References(n.Operand),
        BinaryNode b => References(b.Left).Concat(References(b.Right)),
        _ => [],
    };

    /// <summary>A value of an expression: a number, or a series of (period start, value).</summary>
    internal sealed class Value
    {
        private Value(double? number, SortedDictionary<long, double>? series) => (Number, Series) = (number, series);

        public double? Number { get; }

        public SortedDictionary<long, double>? Series { get; }

        public static Value Of(double number) => new(number, null);

        public static Value Of(SortedDictionary<long, double> series) => new(null, series);
    }

    /// <summary>Evaluates <paramref name="node"/>; <paramref name="resolve"/> gives the series of a referenced id.</summary>
    public static Value Evaluate(MathNode node, Func<string, SortedDictionary<long, double>> resolve) => node switch
    {
        NumberNode n => Value.Of(n.Value),
        ReferenceNode r => Value.Of(resolve(r.Id)),
        NegateNode n => Apply('*', Value.Of(-1), Evaluate(n.Operand, resolve)),
        BinaryNode b => Apply(b.Operator, Evaluate(b.Left, resolve), Evaluate(b.Right, resolve)),
        _ => throw new InvalidOperationException($"unknown node {node}"),
    };

    /// <summary>
    /// Arithmetic on numbers and series: a series with a number applies to each point; two series pair up by timestamp
    /// and a timestamp missing from either is missing from the result. A result that is not a number (x/0) is left
    /// out rather than reported as NaN.
    /// </summary>
    private static Value Apply(char op, Value left, Value right)
    {
        if (left.Number is { } a && right.Number is { } b)
            return Value.Of(Compute(op, a, b));
        var result = new SortedDictionary<long, double>();
        if (left.Series is { } ls && right.Series is { } rs)
        {
            foreach (var (at, x) in ls)
            {
                if (rs.TryGetValue(at, out var y) && Compute(op, x, y) is var v && double.IsFinite(v))
                    result[at] = v;
            }
        }
        else if (left.Series is { } series)
        {
            foreach (var (at, x) in series)
            {
                if (Compute(op, x, right.Number!.Value) is var v && double.IsFinite(v))
                    result[at] = v;
            }
        }
        else
        {
            foreach (var (at, y) in right.Series!)
            {
                if (Compute(op, left.Number!.Value, y) is var v && double.IsFinite(v))
                    result[at] = v;
            }
        }
        return Value.Of(result);
    }

    private static double Compute(char op, double a, double b) => op switch
    {
        '+' => a + b,
        '-' => a - b,
        '*' => a * b,
        '/' => a / b,
        '^' => Math.Pow(a, b),
        _ => throw new InvalidOperationException($"unknown operator {op}"),
    };

    /// <summary>Recursive descent: sum := product (('+'|'-') product)*; product := power (('*'|'/') power)*; power := unary ('^' power)?; unary := '-' unary | primary.</summary>
    private sealed class Parser(string text, string id)
    {
        private int _at;

        public MathNode ParseAll()
        {
            var node = Sum();
            SkipSpaces();
            return _at < text.Length ? throw Error($"unexpected '{text[_at]}' at position {_at + 1}") : node;
        }

        private MathNode Sum()
        {
            var node = Product();
            while (Peek() is '+' or '-')
                node = new BinaryNode(text[_at++], node, Product());
            return node;
        }

        private MathNode Product()
        {
            var node = Power();
            while (Peek() is '*' or '/')
                node = new BinaryNode(text[_at++], node, Power());
            return node;
        }

        private MathNode Power()
        {
            var node = Unary();
            if (Peek() is '^')
            {
                _at++;
                return new BinaryNode('^', node, Power());
            }
            return node;
        }

        private MathNode Unary()
        {
            if (Peek() is '-')
            {
                _at++;
                return new NegateNode(Unary());
            }
            return Primary();
        }

        private MathNode Primary()
        {
            var c = Peek() ?? throw Error("the expression ends too early");
            if (c == '(')
            {
                _at++;
                var inner = Sum();
                if (Peek() is not ')')
                    throw Error("a '(' is not closed");
                _at++;
                return inner;
            }
            if (char.IsAsciiDigit(c) || c == '.')
            {
                var start = _at;
                while (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] is '.' or 'e' or 'E' ||
                       (text[_at] is '+' or '-' && text[_at - 1] is 'e' or 'E')))
                    _at++;
                return double.TryParse(text.AsSpan(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? new NumberNode(number)
                    : throw Error($"'{text[start.._at]}' is not a number");
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = _at;
                while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] == '_'))
                    _at++;
                var name = text[start.._at];
                if (Peek() is '(')
                {
                    throw CloudWatchException.InvalidParameterValue(
                        $"Error in expression '{id}': the sandbox does not evaluate the function {name.ToUpperInvariant()}(); it evaluates + - * / ^ and parentheses over query ids and numbers.");
                }
                return new ReferenceNode(name);
            }
            throw Error($"unexpected '{c}' at position {_at + 1}");
        }

        private char? Peek()
        {
            SkipSpaces();
            return _at < text.Length ? text[_at] : null;
        }

        private void SkipSpaces()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
                _at++;
        }

        private CloudWatchException Error(string what) =>
            CloudWatchException.InvalidParameterValue($"Error in expression '{id}': {what} (in \"{text}\").");
    }
}
