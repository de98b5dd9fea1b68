using System.Globalization;

namespace OpsBot.Sandbox.Influx;

/// <summary>How Flux writes numbers and times in annotated CSV.</summary>
internal static class FluxNumbers
{
    /// <summary>
    /// A double the way Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c> writes it (Flux's encoder): the shortest digits
    /// that round-trip, in plain decimal notation, never with an exponent; <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsPositiveInfinity(value))
            return "+Inf";
        if (double.IsNegativeInfinity(value))
            return "-Inf";
        if (double.IsNaN(value))
            return "NaN";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
            return text;
        // Move the decimal point by the exponent: "1.5E-07" → "0.00000015", "1E+21" → "1000000000000000000000".
        var negative = text[0] == '-';
        var mantissa = text[(negative ? 1 : 0)..e];
        var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var integerDigits = (point < 0 ? mantissa.Length : point) + exponent;
        string plain;
        if (integerDigits <= 0)
            plain = "0." + new string('0', -integerDigits) + digits;
        else if (integerDigits >= digits.Length)
            plain = digits + new string('0', integerDigits - digits.Length);
        else
            plain = digits[..integerDigits] + "." + digits[integerDigits..];
        return (negative ? "-" : "") + plain;
    }

    /// <summary>A time the way Go's RFC3339Nano writes it (Flux's encoder): UTC, "Z", the fraction without trailing zeros.</summary>
    /// <param name="nanoseconds">Nanoseconds since the Unix epoch.</param>
    public static string Time(long nanoseconds)
    {
        var seconds = Math.DivRem(nanoseconds, 1_000_000_000L, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += 1_000_000_000L;
        }
        var text = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return fraction == 0 ? text + "Z" : $"{text}.{fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0')}Z";
    }

    /// <summary>Nanoseconds since the Unix epoch of <paramref name="at"/>.</summary>
    public static long Nanoseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
