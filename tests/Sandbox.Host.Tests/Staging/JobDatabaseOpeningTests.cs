using DuckDB.NET.Data;
using Sandbox.Host.Staging;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Tests.Staging;

/// <summary>A job's own DuckDB shows no server path in its settings, and reads no file once locked.</summary>
public sealed class JobDatabaseOpeningTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "home-marker-" + Guid.NewGuid().ToString("N")[..12], "workspaces", "job-1");

    public JobDatabaseOpeningTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(_directory))!, recursive: true);

    private static string Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    [Fact]
    public void Take_SpillFolder_CarriesNoServerPathInAnySetting()
    {
        using var opening = new JobDatabaseOpening();
        var connection = opening.Take(new SqlJobLimits(TimeSpan.FromSeconds(10), 64L << 20, 1, 1L << 20));
        var workspace = new Workspace(_directory, null, []) { Connection = connection, Scratch = opening.SpillFolder };
        LockedWorkspace.Lock(connection);

        var shown = Scalar(connection, "select current_setting('temp_directory')")
            + Scalar(connection, "select string_agg(name || '=' || coalesce(value, ''), '|') from duckdb_settings()")
            + Scalar(connection, "select string_agg(coalesce(path, ''), '|') from duckdb_databases()");

        Assert.DoesNotContain("home-marker", shown);
        Assert.DoesNotContain("workspaces", shown);
        Assert.Contains(opening.SpillFolder!, shown);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(opening.SpillFolder!));

        workspace.Delete();
        Assert.False(Directory.Exists(opening.SpillFolder), "the spill folder goes with the workspace");
    }

    [Theory]
    [InlineData("select * from read_text('{0}')")]
    [InlineData("select * from read_blob('{0}')")]
    [InlineData("select * from read_csv('{0}')")]
    [InlineData("select * from glob('{0}')")]
    public void Lock_TableFunctionsOnFiles_AreRefusedByTheEngine(string sql)
    {
        var secret = Path.Combine(_directory, "..", "secret.key");
        File.WriteAllText(secret, "SECRET-BYTES");
        using var opening = new JobDatabaseOpening();
        using var connection = opening.Take(new SqlJobLimits(TimeSpan.FromSeconds(10), 64L << 20, 1, 1L << 20));
        LockedWorkspace.Lock(connection);

        foreach (var path in new[] { secret, Path.GetDirectoryName(secret)!, opening.SpillFolder + "/../*" })
        {
            var error = Assert.ThrowsAny<DuckDBException>(() => Scalar(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, path)));
            Assert.DoesNotContain("SECRET-BYTES", error.Message);
        }
        ScratchFolder.Remove(opening.SpillFolder);
    }
}
