using System.Text.Json;
using Sandbox.Host.DataPlane;

namespace Sandbox.Host.Tests.Cli;

/// <summary>
/// `grant prepare` tells how far each table's materialization has got on stderr (rows done of the dataset's rows, with
/// a percent), in the CLI's language; stdout keeps its table or JSON only. Through the real process.
/// </summary>
public sealed class GrantPrepareProgressTests
{
    private const string Grant = "nj-credit-2026";

    // A line for every batch: the tables here take well under the 2 s between lines of a real run.
    private static readonly Dictionary<string, string> EveryBatch = new() { [MaterializationProgress.IntervalVariable] = "0" };

    [Fact]
    public async Task GrantPrepare_ProgressOnStderr_InEnglishAndChinese_JsonUntouched()
    {
        using var home = new TestHome().WithCity(enterprises: 50, residents: 600);

        var (code, output, error) = await SandboxProcess.RunAsync(["--as", TestHome.Bureau, "grant", "prepare", Grant, "--json", "--home", home.Root], EveryBatch);

        Assert.Equal(0, code);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(output).RootElement.ValueKind);
        Assert.Contains($"materializing residents for grant {Grant}: 600 rows, masked once", error);
        Assert.Contains("materializing residents: 600 of 600 rows (100%), ", error);
        // One pass: the masking over, the table is there (no second stage, no second store).
        Assert.True(error.IndexOf("600 of 600 rows (100%)", StringComparison.Ordinal) < error.IndexOf("materialized residents: 600 rows in", StringComparison.Ordinal));
        Assert.Matches(@"materialized residents: 600 rows in \d+\.\d s\n", error);
        Assert.Contains("materializing enterprise_registry: 50 of 50 rows (100%), ", error);

        Directory.Delete(Path.Combine(home.Root, "materialized", Grant), recursive: true);
        (code, output, error) = await SandboxProcess.RunAsync(["--lang", "zh-CN", "--as", TestHome.Bureau, "grant", "prepare", Grant, "--home", home.Root], EveryBatch);

        Assert.Equal(0, code);
        Assert.Contains("residents", output);
        Assert.Contains($"正在为授权 {Grant} 物化 residents：共 600 行", error);
        Assert.Contains("正在物化 residents：已完成 600 / 600 行（100%），用时 ", error);
        Assert.Matches(@"已物化 residents：600 行，用时 \d+\.\d 秒\n", error);
        Assert.DoesNotContain("materializ", error);
    }

    [Fact]
    public async Task GrantPrepare_SmallTables_NoRowsLineBeforeTwoSeconds_AndNothingWhenReady()
    {
        using var home = new TestHome().WithCity(enterprises: 50, residents: 600);

        var (code, _, error) = await SandboxProcess.RunAsync(["--as", TestHome.Bureau, "grant", "prepare", Grant, "--home", home.Root]);

        Assert.Equal(0, code);
        Assert.Contains("materialized residents: 600 rows", error);
        Assert.DoesNotContain(" of 600 rows", error);
        Assert.DoesNotContain("rows masked in", error);

        (code, _, error) = await SandboxProcess.RunAsync(["--as", TestHome.Bureau, "grant", "prepare", Grant, "--home", home.Root], EveryBatch);
        Assert.Equal(0, code);
        Assert.Equal("", error); // already materialized: nothing to tell
    }
}
