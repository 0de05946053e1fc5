using Apache.Arrow;
using Apache.Arrow.Types;
using DuckDB.NET.Data;
using Sandbox.Host.Staging;

namespace Sandbox.Host.Tests.Staging;

public sealed class ArrowAppenderTests
{
    private static RecordBatch EveryType()
    {
        var timestamp = new TimestampType(TimeUnit.Microsecond, (string?)null);
        var instant = new TimestampType(TimeUnit.Microsecond, "UTC");
        var money = new Decimal128Type(12, 2);
        var schema = new Schema.Builder()
            .Field(f => f.Name("text").DataType(StringType.Default))
            .Field(f => f.Name("flag").DataType(BooleanType.Default))
            .Field(f => f.Name("tiny").DataType(Int8Type.Default))
            .Field(f => f.Name("small").DataType(Int16Type.Default))
            .Field(f => f.Name("int").DataType(Int32Type.Default))
            .Field(f => f.Name("big").DataType(Int64Type.Default))
            .Field(f => f.Name("ubig").DataType(UInt64Type.Default))
            .Field(f => f.Name("real").DataType(FloatType.Default))
            .Field(f => f.Name("double").DataType(DoubleType.Default))
            .Field(f => f.Name("day").DataType(Date32Type.Default))
            .Field(f => f.Name("at").DataType(timestamp))
            .Field(f => f.Name("instant").DataType(instant))
            .Field(f => f.Name("clock").DataType(new Time64Type(TimeUnit.Microsecond)))
            .Field(f => f.Name("money").DataType(money))
            .Build();
        var at = new DateTimeOffset(2026, 11, 27, 8, 30, 15, TimeSpan.Zero);
        IArrowArray[] columns =
        [
            new StringArray.Builder().Append("南京市玄武区").AppendNull().Append("").Build(),
            new BooleanArray.Builder().Append(true).AppendNull().Append(false).Build(),
            new Int8Array.Builder().Append(-8).AppendNull().Append(8).Build(),
            new Int16Array.Builder().Append(-16).AppendNull().Append(16).Build(),
            new Int32Array.Builder().Append(-32).AppendNull().Append(32).Build(),
            new Int64Array.Builder().Append(long.MinValue).AppendNull().Append(long.MaxValue).Build(),
            new UInt64Array.Builder().Append(ulong.MaxValue).AppendNull().Append(0).Build(),
            new FloatArray.Builder().Append(1.5f).AppendNull().Append(-0.25f).Build(),
            new DoubleArray.Builder().Append(3.25).AppendNull().Append(-1e300).Build(),
            new Date32Array.Builder().Append(new DateOnly(1990, 3, 7)).AppendNull().Append(new DateOnly(2026, 11, 27)).Build(),
            new TimestampArray.Builder(timestamp).Append(at).AppendNull().Append(at.AddDays(-1)).Build(),
            new TimestampArray.Builder(instant).Append(at).AppendNull().Append(at.AddYears(-30)).Build(),
            new Time64Array.Builder(new Time64Type(TimeUnit.Microsecond)).Append(new TimeOnly(8, 30, 15)).AppendNull().Append(new TimeOnly(23, 59)).Build(),
            new Decimal128Array.Builder(money).Append(1234.56m).AppendNull().Append(-0.01m).Build(),
        ];
        return new RecordBatch(schema, columns, 3);
    }

    [Fact]
    public void Append_EveryCoveredType_RoundTripsThroughDuckDb()
    {
        using var batch = EveryType();
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        var create = ArrowAppender.CreateTable("t", batch.Schema);
        Assert.NotNull(create);
        using (var command = duck.CreateCommand())
        {
            command.CommandText = create;
            command.ExecuteNonQuery();
        }
        using (var appender = duck.CreateAppender("t"))
        {
            ArrowAppender.Append(appender, batch);
        }

        using var query = duck.CreateCommand();
        query.CommandText = "SELECT text, flag, tiny, small, int, big, ubig, real, double, day, \"at\", strftime(instant, '%Y-%m-%d %H:%M:%S'), clock, money FROM t ORDER BY rowid";
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("南京市玄武区", reader.GetString(0));
        Assert.True(reader.GetBoolean(1));
        Assert.Equal((sbyte)-8, reader.GetFieldValue<sbyte>(2));
        Assert.Equal((short)-16, reader.GetInt16(3));
        Assert.Equal(-32, reader.GetInt32(4));
        Assert.Equal(long.MinValue, reader.GetInt64(5));
        Assert.Equal(ulong.MaxValue, reader.GetFieldValue<ulong>(6));
        Assert.Equal(1.5f, reader.GetFloat(7));
        Assert.Equal(3.25, reader.GetDouble(8));
        Assert.Equal(new DateOnly(1990, 3, 7), reader.GetFieldValue<DateOnly>(9));
        Assert.Equal(new DateTime(2026, 11, 27, 8, 30, 15), reader.GetDateTime(10));
        Assert.Equal("2026-11-27 08:30:15", reader.GetString(11));
        Assert.Equal(new TimeOnly(8, 30, 15), reader.GetFieldValue<TimeOnly>(12));
        Assert.Equal(1234.56m, reader.GetDecimal(13));

        // The row of nulls stays nulls, in every column.
        Assert.True(reader.Read());
        for (var i = 0; i < reader.FieldCount; i++) Assert.True(reader.IsDBNull(i), $"column {reader.GetName(i)} is not null");

        // An empty string is a value, not a null.
        Assert.True(reader.Read());
        Assert.False(reader.IsDBNull(0));
        Assert.Equal("", reader.GetString(0));
        Assert.Equal(-0.01m, reader.GetDecimal(13));
    }

    [Fact]
    public void CreateTable_TypeItDoesNotCover_IsNull()
    {
        var list = new Schema.Builder().Field(f => f.Name("tags").DataType(new ListType(StringType.Default))).Build();
        var wide = new Schema.Builder().Field(f => f.Name("n").DataType(new Decimal128Type(38, 0))).Build();
        Assert.Null(ArrowAppender.CreateTable("t", list));
        Assert.Null(ArrowAppender.CreateTable("t", wide));
    }

    [Fact]
    public void CreateTable_QuotesColumnNames()
    {
        var schema = new Schema.Builder().Field(f => f.Name("a\"; DROP TABLE x; --").DataType(StringType.Default)).Build();
        Assert.Equal("CREATE TABLE t (\"a\"\"; DROP TABLE x; --\" VARCHAR)", ArrowAppender.CreateTable("t", schema));
    }
}
