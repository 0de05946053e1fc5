using Microsoft.Data.Sqlite;
using Sandbox.Host.Home;
using Sandbox.Host.Store;

namespace Sandbox.Host.Tests.Store;

/// <summary>
/// The store applies its schema only to a file not marked with it (<c>user_version</c>): a home of an older build gets
/// its missing columns at the next open and is marked; a marked file is opened without the schema being run again.
/// </summary>
public sealed class SchemaVersionTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Open_AnInitializedHome_IsMarkedWithTheSchema()
    {
        Assert.NotEqual(0, Schema.Version);
        Assert.Equal(Schema.Version, UserVersion());
    }

    [Fact]
    public void Open_AHomeOfAnOlderBuild_GetsItsAddedColumnsAndTheMark()
    {
        // As an older build left it: no mark, and the export's frozen_reason column not there yet.
        _home.Sql("ALTER TABLE exports DROP COLUMN frozen_reason; PRAGMA user_version = 0");
        Assert.DoesNotContain("frozen_reason", Columns("exports"));

        using (SandboxSession.Open(new SandboxHome(_home.Root), null, _home.Time)) { }

        Assert.Contains("frozen_reason", Columns("exports"));
        Assert.Equal(Schema.Version, UserVersion());
    }

    [Fact]
    public void Open_AMarkOfAnotherSchema_RunsTheSchemaAgain()
    {
        // A table of this schema missing under another build's mark (a schema that changed): created at the next open.
        _home.Sql("DROP TABLE images; PRAGMA user_version = 12345");

        using (SandboxSession.Open(new SandboxHome(_home.Root), null, _home.Time)) { }

        Assert.NotEmpty(Columns("images"));
        Assert.Equal(Schema.Version, UserVersion());
    }

    private int UserVersion() => Convert.ToInt32(Scalar("PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);

    private List<string> Columns(string table)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private object? Scalar(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_home.Root, "control.db")};Pooling=False");
        connection.Open();
        return connection;
    }
}
