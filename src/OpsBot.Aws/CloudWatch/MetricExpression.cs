using System.Text;

namespace OpsBot.Aws.CloudWatch;

/// <summary>
/// Renames the ids a metric-math expression refers to, token by token: an identifier (a letter or '_', then letters,
/// digits and '_') that is exactly one of the old ids is replaced; everything else is copied as it is: function names
/// (<c>SUM</c>, <c>FILL</c>), numbers (<c>1e3</c>, <c>0.5</c>), operators, and quoted strings (<c>SEARCH('{AWS/SQS} m1', 'Sum')</c>,
/// with backslash escapes). A substring is never replaced: renaming <c>m1</c> leaves <c>m10</c> and <c>'m1'</c> alone.
/// </summary>
internal static class MetricExpression
{
    public static string Rename(string expression, IReadOnlyDictionary<string, string> renames)
    {
        var output = new StringBuilder(expression.Length + 16);
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            var start = i;
            if (c is '\'' or '"')
            {
                i++;
                while (i < expression.Length && expression[i] != c)
                    i += expression[i] == '\\' && i + 1 < expression.Length ? 2 : 1;
                i = Math.Min(i + 1, expression.Length);
                output.Append(expression, start, i - start);
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] == '_'))
                    i++;
                var name = expression[start..i];
                output.Append(renames.TryGetValue(name, out var renamed) ? renamed : name);
            }
            else if (char.IsAsciiDigit(c))
            {
                // A number with its exponent and fraction (1e3, 2.5E-1): its letters are not identifiers.
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] is '.' or '_'
                       || (expression[i] is '+' or '-' && expression[i - 1] is 'e' or 'E')))
                    i++;
                output.Append(expression, start, i - start);
            }
            else
            {
                output.Append(c);
                i++;
            }
        }
        return output.ToString();
    }
}
