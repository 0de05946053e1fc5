using System.Text.Json;
using System.Text.RegularExpressions;
using Sandbox.Host.Tests.Cli;

namespace Sandbox.Host.Tests.Native;

/// <summary>
/// The host's native image (Native AOT, <c>bench/publish-native.sh</c>) runs a job as the runtime build does: the
/// same decisions, outputs and answers, byte for byte where nothing differs by design (a job's id and times). It has
/// no reflection-based serializer and no code generation at run time, so what it cannot do fails loudly; these tests
/// hold the job's path (first use of a table, run, refusal, bad input, its JSON answers, an export request's evidence)
/// to that. Each runs both images as processes on one home.
/// </summary>
public sealed partial class NativeImageTests : IDisposable
{
    private const string Query = "q: select district, count(*) as n from residents group by district order by district";

    private readonly TestHome _home = new TestHome().WithCity(enterprises: 50, residents: 400);

    public void Dispose() => _home.Dispose();

    private static string Native => NativeFactAttribute.Image
        ?? throw new InvalidOperationException("SANDBOX_REQUIRE_NATIVE=1 but SANDBOX_NATIVE_HOST names no native image (publish it: bench/publish-native.sh)");

    private Task<(int Code, string Out, string Err)> RunAsync(string? executable, params string[] args) =>
        SandboxProcess.RunAsync(["--home", _home.Root, "--as", TestHome.Analyst, .. args], executable: executable);

    [NativeFact]
    public async Task JobRun_FirstUseThenAgain_GivesTheRuntimeBuildsOutputsAndAnswers()
    {
        var job = _home.Job("nj-credit-2026", Query);

        // The first use of the table materializes it in the native image.
        var (code, output, error) = await RunAsync(Native, "job", "run", job, "--wait", "--json");
        Assert.True(code == 0, error + output);
        var native = JsonDocument.Parse(output).RootElement;
        Assert.Equal("succeeded", native.GetProperty("state").GetString());
        var runtime = await RunAsync(null, "job", "run", job, "--wait", "--json");
        Assert.True(runtime.Code == 0, runtime.Err);
        var other = JsonDocument.Parse(runtime.Out).RootElement;

        // The same answer's shape, the same outputs.
        Assert.Equal(Keys(other), Keys(native));
        Assert.Equal(File.ReadAllText(OutputOf(other)), File.ReadAllText(OutputOf(native)));
        Assert.True(File.ReadAllLines(OutputOf(native)).Length > 2, File.ReadAllText(OutputOf(native)));

        // Read-only answers about the same job are the same bytes from either image.
        var id = native.GetProperty("id").GetString()!;
        foreach (var args in new[] { new[] { "job", "show", id, "--json" }, ["job", "show", id], ["job", "list", "--json"], ["job", "check", job, "--json"] })
        {
            var (a, b) = (await RunAsync(Native, args), await RunAsync(null, args));
            Assert.Equal((b.Code, b.Out, b.Err), (a.Code, a.Out, a.Err));
        }
    }

    [NativeFact]
    public async Task JobRun_RefusedColumnAndBadInput_AreRefusedAsTheRuntimeBuildRefusesThem()
    {
        var refused = _home.Job("nj-credit-2026", "q: select name from residents");
        var broken = Path.Combine(_home.Root, "broken.yaml");
        await File.WriteAllTextAsync(broken, "grant: nj-credit-2026\nkind: sql\nqueries:\n  q: [\n");
        var foreign = _home.Job("no-such-grant", Query);

        foreach (var args in new[]
        {
            new[] { "job", "run", refused, "--wait" }, ["job", "run", refused, "--wait", "--json"], ["job", "run", broken, "--wait"],
            ["job", "run", broken, "--wait", "--json"], ["job", "run", foreign, "--wait", "--lang", "zh-CN"], ["job", "check", refused, "--json"],
        })
        {
            var a = await RunAsync(Native, args);
            var b = await RunAsync(null, args);
            Assert.True(a.Code is 1 or 2, string.Join(' ', args) + ": " + a.Err + a.Out);
            Assert.Equal((b.Code, WithoutIds(b.Out), WithoutIds(b.Err)), (a.Code, WithoutIds(a.Out), WithoutIds(a.Err)));
        }
        Assert.DoesNotContain("unexpected", (await RunAsync(Native, "job", "run", refused, "--wait")).Err, StringComparison.Ordinal);
    }

    [NativeFact]
    public async Task ExportRequest_OfANativeJob_MeasuresTheEvidenceTheRuntimeBuildMeasures()
    {
        var job = _home.Job("nj-credit-2026", Query);
        var ids = new List<string>();
        foreach (var image in new[] { Native, null })
        {
            var (code, output, error) = await RunAsync(image, "job", "run", job, "--wait", "--json");
            Assert.True(code == 0, error);
            ids.Add(JsonDocument.Parse(output).RootElement.GetProperty("id").GetString()!);
        }

        var native = await RunAsync(Native, "export", "request", ids[0], "q", "--json");
        var runtime = await RunAsync(null, "export", "request", ids[1], "q", "--json");

        Assert.True(native.Code == runtime.Code, native.Err + native.Out);
        Assert.Equal(WithoutIds(runtime.Out), WithoutIds(native.Out));
        Assert.Contains("\"checks\"", native.Out, StringComparison.Ordinal);
    }

    private static string[] Keys(JsonElement job) => [.. job.EnumerateObject().Select(p => p.Name)];

    private static string OutputOf(JsonElement job) => job.GetProperty("outputs")[0].GetProperty("path").GetString()!;

    // A job's, an export's or an incident's id, and a time, differ between two runs by design.
    private static string WithoutIds(string text) => Ids().Replace(text, "ID");

    [GeneratedRegex(@"(job|exp|inc)-[0-9a-z-]+|\d{4}-\d{2}-\d{2}[T ][0-9:.]+Z?(\+00:00)?")]
    private static partial Regex Ids();
}

/// <summary>
/// A fact about the native image named by <c>SANDBOX_NATIVE_HOST</c> (published by <c>bench/publish-native.sh</c>,
/// which CI runs). Without it the fact is skipped and says so; with <c>SANDBOX_REQUIRE_NATIVE=1</c> (CI) it is never
/// skipped, so a missing image fails loudly instead.
/// </summary>
public sealed class NativeFactAttribute : FactAttribute
{
    /// <summary>The native image's path, when one is given and exists.</summary>
    public static string? Image => Environment.GetEnvironmentVariable("SANDBOX_NATIVE_HOST") is { Length: > 0 } path && File.Exists(path) ? path : null;

    public NativeFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SANDBOX_REQUIRE_NATIVE") != "1" && Image is null) Skip = "no native image: SANDBOX_NATIVE_HOST is not set to one (publish it with bench/publish-native.sh; CI does and never skips this)";
    }
}
