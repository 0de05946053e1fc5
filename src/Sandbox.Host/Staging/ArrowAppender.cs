using System.Globalization;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DuckDB.NET.Data;

namespace Sandbox.Host.Staging;

/// <summary>
/// Loads masked Arrow record batches into a DuckDB table through the appender: how an in-memory workspace is filled
/// without a file between the masking engine and the job's database. Covers the column types a dataset import and
/// the masking engine produce; <see cref="SqlType"/> says which.
/// </summary>
internal static class ArrowAppender
{
    /// <summary>The DuckDB column type for an Arrow type, or null when this appender cannot load it.</summary>
    public static string? SqlType(IArrowType type) => type switch
    {
        StringType or LargeStringType => "VARCHAR",
        BooleanType => "BOOLEAN",
        Int8Type => "TINYINT",
        Int16Type => "SMALLINT",
        Int32Type => "INTEGER",
        Int64Type => "BIGINT",
        UInt8Type => "UTINYINT",
        UInt16Type => "USMALLINT",
        UInt32Type => "UINTEGER",
        UInt64Type => "UBIGINT",
        FloatType => "FLOAT",
        DoubleType => "DOUBLE",
        Date32Type => "DATE",
        TimestampType { Timezone: null or "" } => "TIMESTAMP",
        TimestampType => "TIMESTAMPTZ",
        Time64Type => "TIME",
        // System.Decimal holds 28 digits; wider decimals take the file route.
        Decimal128Type d when d.Precision <= 28 => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({d.Precision},{d.Scale})"),
        NullType => "VARCHAR",
        _ => null,
    };

    /// <summary>The <c>CREATE TABLE</c> statement for <paramref name="schema"/>, or null when a column type is not covered.</summary>
    public static string? CreateTable(string qualifiedName, Schema schema)
    {
        var columns = new List<string>(schema.FieldsList.Count);
        foreach (var field in schema.FieldsList)
        {
            if (SqlType(field.DataType) is not { } type) return null;
            columns.Add($"{Datasets.Sql.Identifier(field.Name)} {type}");
        }
        return $"CREATE TABLE {qualifiedName} ({string.Join(", ", columns)})";
    }

    /// <summary>Appends every row of <paramref name="batch"/>, whose schema <see cref="CreateTable"/> accepted.</summary>
    public static void Append(DuckDBAppender appender, RecordBatch batch)
    {
        var columns = new Action<IDuckDBAppenderRow, int>[batch.ColumnCount];
        for (var c = 0; c < columns.Length; c++) columns[c] = Writer(batch.Column(c));
        for (var i = 0; i < batch.Length; i++)
        {
            var row = appender.CreateRow();
            foreach (var write in columns) write(row, i);
            row.EndRow();
        }
    }

    private static Action<IDuckDBAppenderRow, int> Writer(IArrowArray array) => array switch
    {
        StringArray a => (row, i) => Utf8(row, a.IsNull(i), a.GetBytes(i)),
        LargeStringArray a => (row, i) => Utf8(row, a.IsNull(i), a.GetBytes(i)),
        BooleanArray a => (row, i) => row.AppendValue(a.GetValue(i)),
        Int8Array a => (row, i) => row.AppendValue(a.GetValue(i)),
        Int16Array a => (row, i) => row.AppendValue(a.GetValue(i)),
        Int32Array a => (row, i) => row.AppendValue(a.GetValue(i)),
        Int64Array a => (row, i) => row.AppendValue(a.GetValue(i)),
        UInt8Array a => (row, i) => row.AppendValue(a.GetValue(i)),
        UInt16Array a => (row, i) => row.AppendValue(a.GetValue(i)),
        UInt32Array a => (row, i) => row.AppendValue(a.GetValue(i)),
        UInt64Array a => (row, i) => row.AppendValue(a.GetValue(i)),
        FloatArray a => (row, i) => row.AppendValue(a.GetValue(i)),
        DoubleArray a => (row, i) => row.AppendValue(a.GetValue(i)),
        Date32Array a => (row, i) => row.AppendValue(a.GetDateOnly(i)),
        TimestampArray a when ((TimestampType)a.Data.DataType).Timezone is null or "" => (row, i) => row.AppendValue(a.GetTimestamp(i)?.DateTime),
        TimestampArray a => (row, i) => row.AppendValue(a.GetTimestamp(i)),
        Time64Array a => (row, i) => row.AppendValue(a.GetTime(i)),
        Decimal128Array a => (row, i) => row.AppendValue(a.GetValue(i)),
        NullArray => (row, _) => row.AppendNullValue(),
        _ => throw new NotSupportedException($"no appender for Arrow type {array.Data.DataType.Name}"),
    };

    // The value's UTF-8 bytes go straight from the Arrow buffer into DuckDB's vector: no string per value.
    private static void Utf8(IDuckDBAppenderRow row, bool isNull, ReadOnlySpan<byte> value)
    {
        if (isNull) row.AppendNullValue();
        // DuckDB.NET reads an empty span as NULL; an empty string is not.
        else if (value.IsEmpty) row.AppendValue("");
        else row.AppendValue(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(value), value.Length));
    }
}
