using Sandbox.Runner.Sql;

namespace Sandbox.Runner.Tests.Sql;

public sealed class SqlJobExecutorTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    private static SqlJobLimits Limits(double seconds = 30, long output = 1 << 20) => new(TimeSpan.FromSeconds(seconds), 256L << 20, 1, output);

    [Fact]
    public void Run_Aggregate_WritesCsvWithRowCount()
    {
        var outDir = workspace.NewOutputDirectory();
        var result = SqlJobExecutor.Run(workspace.Database, [("by_district", "SELECT district, count(*) AS n FROM t GROUP BY district ORDER BY district")], outDir, Limits(), CancellationToken.None);

        Assert.Equal(SqlJobOutcome.Succeeded, result.Outcome);
        var output = Assert.Single(result.Outputs);
        Assert.Equal(5, output.Rows);
        Assert.Equal("district,n\nd0,200\nd1,200\nd2,200\nd3,200\nd4,200\n", File.ReadAllText(output.Path));
    }

    [Fact]
    public void Run_RunawayQuery_IsInterruptedAtTheTimeout()
    {
        var started = DateTime.UtcNow;
        var result = SqlJobExecutor.Run(workspace.Database, [("forever", "SELECT count(*) FROM range(1000000000000) a")], workspace.NewOutputDirectory(), Limits(seconds: 1), CancellationToken.None);

        Assert.Equal(SqlJobOutcome.Killed, result.Outcome);
        Assert.Contains("time limit", result.Reason);
        Assert.Empty(result.Outputs);
        // Not a timing assertion: just proof it did not run to completion (which would take hours).
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void Run_OutputPastTheLimit_IsKilledAndLeavesNoPartialFile()
    {
        var outDir = workspace.NewOutputDirectory();
        var result = SqlJobExecutor.Run(workspace.Database, [("big", "SELECT * FROM t, t AS u")], outDir, Limits(output: 64 * 1024), CancellationToken.None);

        Assert.Equal(SqlJobOutcome.Killed, result.Outcome);
        Assert.Contains("output limit", result.Reason);
        Assert.Empty(Directory.GetFiles(outDir));
    }

    [Fact]
    public void Run_SqlError_FailsWithOneLineReason()
    {
        var result = SqlJobExecutor.Run(workspace.Database, [("bad", "SELECT no_such_column FROM t")], workspace.NewOutputDirectory(), Limits(), CancellationToken.None);
        Assert.Equal(SqlJobOutcome.Failed, result.Outcome);
        Assert.Contains("no_such_column", result.Reason);
        Assert.DoesNotContain("\n", result.Reason);
    }

    [Fact]
    public void Run_Cancelled_ReportsCancelled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var result = SqlJobExecutor.Run(workspace.Database, [("forever", "SELECT count(*) FROM range(1000000000000) a")], workspace.NewOutputDirectory(), Limits(), cts.Token);
        Assert.Equal(SqlJobOutcome.Cancelled, result.Outcome);
    }

    [Fact]
    public void Run_FieldsWithCommasAndQuotes_AreQuoted()
    {
        var result = SqlJobExecutor.Run(workspace.Database, [("q", "SELECT 'a,b' AS x, 'say \"hi\"' AS y")], workspace.NewOutputDirectory(), Limits(), CancellationToken.None);
        Assert.Equal("x,y\n\"a,b\",\"say \"\"hi\"\"\"\n", File.ReadAllText(result.Outputs[0].Path));
    }
}
