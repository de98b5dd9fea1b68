using System.Globalization;

namespace OpsBot.Sandbox.Influx;

/// <summary>The type of a field value, as line protocol writes it and annotated CSV names it.</summary>
internal enum InfluxType
{
    Float,
    Integer,
    UInteger,
    String,
    Boolean,
}

/// <summary>A field's value: a double, a long, a ulong, a string or a bool, with its type.</summary>
internal readonly record struct InfluxValue(InfluxType Type, object Value)
{
    /// <summary>The annotated CSV datatype of the type.</summary>
    public string Datatype => Type switch
    {
        InfluxType.Float => "double",
        InfluxType.Integer => "long",
        InfluxType.UInteger => "unsignedLong",
        InfluxType.Boolean => "boolean",
        _ => "string",
    };

    /// <summary>Line protocol's name of the type, as InfluxDB's field type conflicts say it.</summary>
    public string TypeName => Type switch
    {
        InfluxType.Float => "float",
        InfluxType.Integer => "integer",
        InfluxType.UInteger => "unsigned",
        InfluxType.Boolean => "boolean",
        _ => "string",
    };

    /// <summary>The value as a CSV cell (before quoting), as Flux's encoder writes it: floats in plain decimal notation.</summary>
    public string Text => Value switch
    {
        double d => FluxNumbers.Float(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => (string)Value,
    };

    /// <summary>The value as a number, for comparisons with a number literal; null for strings and booleans.</summary>
    public double? Number => Value switch
    {
        double d => d,
        long l => l,
        ulong u => u,
        _ => null,
    };
}
