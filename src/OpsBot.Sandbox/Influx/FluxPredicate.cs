using System.Text.RegularExpressions;

namespace OpsBot.Sandbox.Influx;

/// <summary>A filter's predicate over one row (column name → value): comparisons joined by and, or, not.</summary>
internal abstract record FluxPredicate
{
    public abstract bool Matches(IReadOnlyDictionary<string, InfluxValue> row);

    public sealed record And(FluxPredicate Left, FluxPredicate Right) : FluxPredicate
    {
        public override bool Matches(IReadOnlyDictionary<string, InfluxValue> row) => Left.Matches(row) && Right.Matches(row);
    }

    public sealed record Or(FluxPredicate Left, FluxPredicate Right) : FluxPredicate
    {
        public override bool Matches(IReadOnlyDictionary<string, InfluxValue> row) => Left.Matches(row) || Right.Matches(row);
    }

    public sealed record Not(FluxPredicate Inner) : FluxPredicate
    {
        public override bool Matches(IReadOnlyDictionary<string, InfluxValue> row) => !Inner.Matches(row);
    }

    public sealed record Constant(bool Value) : FluxPredicate
    {
        public override bool Matches(IReadOnlyDictionary<string, InfluxValue> row) => Value;
    }

    /// <summary>
    /// <c>r.column op literal</c>: strings compare as text (==, !=, &lt;, …), numbers as numbers, regular expressions
    /// match (=~, !~); a row without the column (a tag it does not have) matches nothing, as a null does in Flux.
    /// </summary>
    public sealed record Compare(string Column, string Operator, InfluxValue? Literal, Regex? Pattern) : FluxPredicate
    {
        public override bool Matches(IReadOnlyDictionary<string, InfluxValue> row)
        {
            if (!row.TryGetValue(Column, out var value))
                return false;
            if (Pattern is not null)
                return value.Type == InfluxType.String && Pattern.IsMatch((string)value.Value) == (Operator == "=~");
            var literal = Literal!.Value;
            int order;
            if (value.Number is { } a && literal.Number is { } b)
                order = a.CompareTo(b);
            else if (value.Type == literal.Type && value.Value is string s && literal.Value is string t)
                order = string.CompareOrdinal(s, t);
            else if (value.Type == literal.Type && value.Value is bool x && literal.Value is bool y)
                order = x.CompareTo(y);
            else
                return Operator == "!=";
            return Operator switch
            {
                "==" => order == 0,
                "!=" => order != 0,
                "<" => order < 0,
                "<=" => order <= 0,
                ">" => order > 0,
                _ => order >= 0,
            };
        }
    }
}
