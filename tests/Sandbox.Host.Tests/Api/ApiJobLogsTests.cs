using System.Text;
using System.Text.Json;
using Sandbox.Host.Api;
using Sandbox.Host.Backends.Docker;
using Sandbox.Host.Cli;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Tests.Api;

/// <summary>
/// A job's logs over the API are capped: the body says the cap it applied, the cut ends both streams, and
/// <c>job logs --server</c> prints the host's figure rather than one of its own.
/// </summary>
public sealed class ApiJobLogsTests() : ApiHost(enterprises: 50, residents: 30)
{
    [Fact]
    public async Task Logs_OverTheCap_BodyCarriesTheLimitAndStderrIsNotRead()
    {
        var job = JobWithLogs(stdoutLines: 1000, lineLength: 100);
        As(TestHome.Analyst);

        var body = JsonDocument.Parse(await Client.GetStringAsync($"/v1/jobs/{job}/logs")).RootElement;

        Assert.Equal(ApiJobs.MaxLogBytes, body.GetProperty("limitBytes").GetInt32());
        Assert.True(body.GetProperty("truncated").GetBoolean());
        var lines = body.GetProperty("lines").EnumerateArray().ToList();
        Assert.All(lines, l => Assert.Equal("stdout", l.GetProperty("stream").GetString()));
        Assert.InRange(lines.Sum(l => Encoding.UTF8.GetByteCount(l.GetProperty("line").GetString()!)), ApiJobs.MaxLogBytes - 100, ApiJobs.MaxLogBytes);
    }

    [Fact]
    public async Task Logs_UnderTheCap_BodyCarriesTheLimitAndBothStreams()
    {
        var job = JobWithLogs(stdoutLines: 3, lineLength: 10);
        As(TestHome.Analyst);

        var body = JsonDocument.Parse(await Client.GetStringAsync($"/v1/jobs/{job}/logs")).RootElement;

        Assert.Equal(ApiJobs.MaxLogBytes, body.GetProperty("limitBytes").GetInt32());
        Assert.False(body.GetProperty("truncated").GetBoolean());
        Assert.Equal(["stdout", "stdout", "stdout", "stderr"], body.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("stream").GetString()));
    }

    [Theory]
    [InlineData(null, "(the host shows only the first 64 KiB of a job's logs over its API)")]
    [InlineData("zh-CN", "（主机通过 API 只显示作业日志的前 64 KiB）")]
    public async Task JobLogsServer_Truncated_PrintsTheHostsLimit(string? language, string note)
    {
        var job = JobWithLogs(stdoutLines: 1000, lineLength: 100);
        var token = Home.Ok("token", "issue", TestHome.Analyst).Trim();
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["job", "logs", job, "--server", ApiServer.Address(App)];

        var code = await SandboxCli.RunAsync(language is null ? args : ["--lang", language, .. args], output, error, Home.Time,
            name => name == "SANDBOX_TOKEN" ? token : null);

        Assert.True(code == 0, error.ToString());
        Assert.EndsWith(note + "\n", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(65536, "(the host shows only the first 64 KiB of a job's logs over its API)")]
    [InlineData(8192, "(the host shows only the first 8 KiB of a job's logs over its API)")]
    [InlineData(1536, "(the host shows only the first 1.5 KiB of a job's logs over its API)")]
    [InlineData(0, "(the host shows only the first part of a job's logs over its API)")]
    public void ServerLogsTruncated_SaysTheFigureTheBodyCarries(int limitBytes, string expected)
    {
        Messages.Current = UiLanguage.English;
        Assert.Equal(expected, SandboxCli.ServerLogsTruncated(limitBytes));
    }

    // A job of zijin-credit's analyst, run to the end, with logs written where the backends leave them.
    private string JobWithLogs(int stdoutLines, int lineLength)
    {
        var run = Home.Ok("job", "run", "--wait", "--json", Home.Job("nj-credit-2026", "n: select count(*) as n from residents"));
        var job = JsonDocument.Parse(run).RootElement.GetProperty("id").GetString()!;
        var directory = new SandboxHome(Home.Root).JobLogsOf(job);
        Directory.CreateDirectory(directory);
        File.WriteAllLines(LogCapture.StdoutPath(directory), Enumerable.Repeat(new string('x', lineLength), stdoutLines));
        File.WriteAllLines(LogCapture.StderrPath(directory), ["done"]);
        return job;
    }
}
