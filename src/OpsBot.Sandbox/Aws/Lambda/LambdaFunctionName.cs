using System.Text.RegularExpressions;

namespace OpsBot.Sandbox.Aws.Lambda;

/// <summary>
/// A <c>FunctionName</c> as Lambda takes it: a name (<c>my-fn</c>), a partial ARN (<c>123456789012:function:my-fn</c>)
/// or a full ARN (<c>arn:aws:lambda:us-east-1:123456789012:function:my-fn</c>), each optionally qualified
/// (<c>:live</c>, <c>:7</c>, <c>:$LATEST</c>).
/// </summary>
internal sealed partial record LambdaFunctionName(string Name, string? Account, string? Qualifier)
{
    public static LambdaFunctionName Parse(string value)
    {
        if (value.Length is 0 or > 256)
            throw Invalid(value);
        var parts = value.Split(':');
        LambdaFunctionName parsed;
        if (parts[0] == "arn")
        {
            // arn:partition:lambda:region:account:function:name[:qualifier]
            if (parts.Length is < 7 or > 8 || parts[2] != "lambda" || parts[5] != "function")
                throw Invalid(value);
            parsed = new(parts[6], parts[4], parts.Length == 8 ? parts[7] : null);
        }
        else
        {
            var function = Array.IndexOf(parts, "function");
            if (function >= 0)
            {
                // [region:]account:function:name[:qualifier]
                if (function + 1 >= parts.Length || parts.Length - function > 3 || function > 2)
                    throw Invalid(value);
                parsed = new(parts[function + 1], function > 0 ? parts[function - 1] : null, parts.Length - function == 3 ? parts[function + 2] : null);
            }
            else
            {
                if (parts.Length > 2)
                    throw Invalid(value);
                parsed = new(parts[0], null, parts.Length == 2 ? parts[1] : null);
            }
        }
        if (!NamePattern().IsMatch(parsed.Name) || parsed.Qualifier is { } q && !QualifierPattern().IsMatch(q) ||
            parsed.Account is { } a && !AccountPattern().IsMatch(a))
            throw Invalid(value);
        return parsed;
    }

    private static LambdaFault Invalid(string value) => LambdaFault.InvalidParameter(
        $"1 validation error detected: Value '{value}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
        @"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?");

    [GeneratedRegex(@"\A[a-zA-Z0-9\-_.]{1,140}\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\A(\$LATEST|[a-zA-Z0-9\-_]{1,128})\z")]
    private static partial Regex QualifierPattern();

    [GeneratedRegex(@"\A\d{12}\z")]
    private static partial Regex AccountPattern();
}
