using System.Text.RegularExpressions;

namespace OpsBot.Sandbox.Aws.Logs;

/// <summary>A <c>filter</c> condition of a Logs Insights query over one event's fields: comparisons joined by and, or, not.</summary>
internal abstract record InsightsCondition
{
    public abstract bool Matches(Func<string, string?> field);

    public sealed record And(InsightsCondition Left, InsightsCondition Right) : InsightsCondition
    {
        public override bool Matches(Func<string, string?> field) => Left.Matches(field) && Right.Matches(field);
    }

    public sealed record Or(InsightsCondition Left, InsightsCondition Right) : InsightsCondition
    {
        public override bool Matches(Func<string, string?> field) => Left.Matches(field) || Right.Matches(field);
    }

    public sealed record Not(InsightsCondition Inner) : InsightsCondition
    {
        public override bool Matches(Func<string, string?> field) => !Inner.Matches(field);
    }

    /// <summary><c>field like /regex/</c> or <c>field like "text"</c> (a substring); an event without the field matches nothing.</summary>
    public sealed record Like(string Field, Regex Pattern) : InsightsCondition
    {
        public override bool Matches(Func<string, string?> field) => field(Field) is { } value && Pattern.IsMatch(value);
    }

    /// <summary><c>field = "text"</c> or <c>field != "text"</c>, compared exactly.</summary>
    public sealed record Equal(string Field, string Value, bool Negated) : InsightsCondition
    {
        public override bool Matches(Func<string, string?> field) => field(Field) is { } value && (value == Value) != Negated;
    }
}
