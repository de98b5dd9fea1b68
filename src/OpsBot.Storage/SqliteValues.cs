using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OpsBot.Storage;

/// <summary>Conversions between .NET values and columns, and small command helpers.</summary>
internal static class SqliteValues
{
    // Fixed-width UTC with ticks: exact round-trip, and text order is time order, so columns compare and sort in SQL.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(string value) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(value, TimeFormat, CultureInfo.InvariantCulture), DateTimeKind.Utc));

    public static DateTimeOffset GetTime(this SqliteDataReader reader, int ordinal) => Time(reader.GetString(ordinal));

    public static DateTimeOffset? GetNullableTime(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Time(reader.GetString(ordinal));

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static double? GetNullableDouble(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    public static TEnum? GetNullableEnum<TEnum>(this SqliteDataReader reader, int ordinal) where TEnum : struct, Enum =>
        reader.IsDBNull(ordinal) ? null : Enum.Parse<TEnum>(reader.GetString(ordinal));

    public static TEnum GetEnum<TEnum>(this SqliteDataReader reader, int ordinal) where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(reader.GetString(ordinal));

    /// <summary>A command on <paramref name="connection"/>, enlisted in <paramref name="transaction"/> when one is given.</summary>
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds a parameter; null becomes SQL NULL.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
