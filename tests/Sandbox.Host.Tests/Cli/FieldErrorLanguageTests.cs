using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sandbox.Host.Tests.Service;

namespace Sandbox.Host.Tests.Cli;

/// <summary>
/// The last English of everyday use: a job file's field errors, <c>images.yaml</c>'s document errors and the API's
/// paging errors, each in the reader's language — through the real CLI process (exit code, stdout, stderr) and a real
/// <c>sandbox serve</c>. English stays word for word what it was.
/// </summary>
public sealed class FieldErrorLanguageTests : IDisposable
{
    private readonly TestHome _home = new TestHome().WithCity(enterprises: 20, residents: 20);

    public void Dispose() => _home.Dispose();

    public static TheoryData<string, string[], string[]> JobFiles => new()
    {
        {
            "grant: nj-credit-2026\nkind: sqlx\n",
            ["job.yaml:2: kind: expected sql, container, ml, found 'sqlx'"],
            ["job.yaml:2: kind: 应为 sql, container, ml，实际为“sqlx”"]
        },
        {
            "grant: nj-credit-2026\nkind: sql\nqueries:\n  Bad-Name: select 1\n  b: \"\"\nlimits: { timeout: 5x, memory: lots, cpus: -1, pids: 0, output: 1Q }\ntables: []\n",
            [
                "job.yaml:4: queries.Bad-Name: 'Bad-Name' is not a valid query name (lowercase letters, digits and '_', starting with a letter, at most 63 characters)",
                "job.yaml:5: queries.b: the query is empty",
                "job.yaml:6: limits.timeout: expected a duration such as 500ms, 60s, 5m or 1h (at most 7 days), found '5x'",
                "job.yaml:6: limits.memory: expected a size such as 512MiB, 1GiB or 64MB, found 'lots'",
                "job.yaml:6: limits.output: expected a size such as 64MiB or 100MB, found '1Q'",
                "job.yaml:6: limits.cpus: expected a number of CPUs such as 1 or 0.5 (at most 1024), found '-1'",
                "job.yaml:6: limits.pids: expected a whole number of processes between 1 and 1000000, found '0'",
                "job.yaml:7: tables: lists no table (leave it out for every table of the grant)",
                "job.yaml:7: tables: applies only to container jobs",
            ],
            [
                "job.yaml:4: queries.Bad-Name: “Bad-Name”不是合法的查询名（小写字母、数字和“_”，以字母开头，最多 63 个字符）",
                "job.yaml:5: queries.b: 查询为空",
                "job.yaml:6: limits.timeout: 应为时长，例如 500ms、60s、5m 或 1h（最长 7 天），实际为“5x”",
                "job.yaml:6: limits.memory: 应为大小，例如 512MiB、1GiB 或 64MB，实际为“lots”",
                "job.yaml:6: limits.output: 应为大小，例如 64MiB 或 100MB，实际为“1Q”",
                "job.yaml:6: limits.cpus: 应为 CPU 数，例如 1 或 0.5（最多 1024），实际为“-1”",
                "job.yaml:6: limits.pids: 应为 1 到 1000000 之间的进程数（整数），实际为“0”",
                "job.yaml:7: tables: 没有列出任何表（如需使用授权中的全部表，请省略此项）",
                "job.yaml:7: tables: 只适用于 container 作业",
            ]
        },
        {
            "grant: nj-credit-2026\nkind: ml\nquery: \"\"\ntask: regression\ntrainer: kmeans\nfeatures: [y, a, a]\nlabel: y\nholdout: 0.9\nseed: -1\nqueries: {a: select 1}\n",
            [
                "job.yaml:3: query: must not be empty",
                "job.yaml:5: trainer: a regression model is trained by sdca, fasttree, lightgbm, not 'kmeans'",
                "job.yaml:6: features: 'a' is named twice",
                "job.yaml:6: features: 'y' is the label; a label cannot be a feature",
                "job.yaml:8: holdout: expected a share from 0 to 0.5 such as 0.2, found '0.9'",
                "job.yaml:9: seed: expected a whole number from 0 to 2147483647, found '-1'",
                "job.yaml:10: queries: applies only to sql jobs (an ml job trains on one query: query)",
            ],
            [
                "job.yaml:3: query: 不能为空",
                "job.yaml:5: trainer: regression 模型的训练器为 sdca, fasttree, lightgbm，而不是“kmeans”",
                "job.yaml:6: features: “a”被列出了两次",
                "job.yaml:6: features: “y”是标签列；标签列不能同时作为特征",
                "job.yaml:8: holdout: 应为 0 到 0.5 之间的比例，例如 0.2，实际为“0.9”",
                "job.yaml:9: seed: 应为 0 到 2147483647 之间的整数，实际为“-1”",
                "job.yaml:10: queries: 只适用于 sql 作业（ml 作业只用一条查询训练：请用 query）",
            ]
        },
        {
            "grant: nj-credit-2026\nkind: sql\nquery: select 1\nlimts: {}\n",
            [
                "job.yaml:1: queries: is required",
                "job.yaml:3: query: applies only to ml jobs (did you mean 'queries'? a sql job names each query under queries:)",
                "job.yaml:4: limts: unknown key 'limts' (did you mean 'limits'? expected grant, kind, queries, image, command, files, tables, limits, task, query, label, features, trainer, parameters, holdout, seed, predict)",
            ],
            [
                "job.yaml:1: queries: 为必填项",
                "job.yaml:3: query: 只适用于 ml 作业（是否想写“queries”？sql 作业在 queries: 下为每条查询命名）",
                "job.yaml:4: limts: 未知的键“limts”（是否想写“limits”？可用的键：grant, kind, queries, image, command, files, tables, limits, task, query, label, features, trainer, parameters, holdout, seed, predict）",
            ]
        },
        {
            "grant: nj-credit-2026\nkind: ml\nquery: select 1\npredict: \"bad id!\"\ntask: clustering\nparameters: { trees: -3 }\n",
            [
                "job.yaml:4: predict: expected the id of the export that released the model (exp-…), found 'bad id!'",
                "job.yaml:5: task: a predict job applies a released model as it is (its task and features are the model's); it trains nothing",
                "job.yaml:6: parameters.trees: expected a positive number, found '-3'",
            ],
            [
                "job.yaml:4: predict: 应为发布该模型的导出编号（exp-…），实际为“bad id!”",
                "job.yaml:5: task: predict 作业按原样使用已发布的模型（任务和特征都取自模型），不做任何训练",
                "job.yaml:6: parameters.trees: 应为正数，实际为“-3”",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(JobFiles))]
    public async Task JobCheck_FieldErrors_EveryLineInTheReadersLanguage(string yaml, string[] english, string[] chinese)
    {
        var folder = Path.Combine(_home.Root, "jobs", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "job.yaml"), yaml);
        string[] args = ["--as", TestHome.Analyst, "job", "check", "job.yaml", "--home", _home.Root];

        var en = await Run(folder, args);
        var zh = await Run(folder, ["--lang", "zh-CN", .. args]);

        Assert.Equal((2, 2), (en.Code, zh.Code));
        Assert.Equal((string.Empty, string.Empty), (en.Out, zh.Out));
        foreach (var line in english) Assert.Contains("error: " + line + "\n", en.Err, StringComparison.Ordinal);
        foreach (var line in chinese) Assert.Contains("错误：" + line + "\n", zh.Err, StringComparison.Ordinal);
        Assert.Equal(en.Err.Split('\n').Length, zh.Err.Split('\n').Length); // every problem listed in both
        Assert.DoesNotContain("expected", zh.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("applies only", zh.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyApply_ImagesYaml_DocumentErrorsInTheReadersLanguage()
    {
        var folder = Path.Combine(_home.Root, "bad-images");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "images.yaml"),
            "images:\n  - name: sandbox/python:3\n    purpose: x\n  - name: acme/tool\n  - purpose: y\n  - name: sandbox/runner\n    purpose: z\n  - name: sandbox/runner\n");
        string[] args = ["--as", "admin", "policy", "apply", "images.yaml", "--home", _home.Root];

        var en = await Run(folder, args);
        var zh = await Run(folder, ["--lang", "zh-CN", .. args]);

        Assert.Equal((2, 2), (en.Code, zh.Code));
        Assert.Equal(
            "error: images.yaml:2: images[0].name: 'sandbox/python:3': name an image without a tag\n"
            + "error: images.yaml:4: images[1].name: 'acme/tool': no recipe builds it (`sandbox image build` makes sandbox/runner, sandbox/python)\n"
            + "error: images.yaml:4: images[1].purpose: a purpose is required: what jobs the image is for\n"
            + "error: images.yaml:5: images[2].name: an image name is required\n"
            + "error: images.yaml:8: images[4].name: 'sandbox/runner' is listed twice\n"
            + "error: images.yaml:8: images[4].purpose: a purpose is required: what jobs the image is for\n", en.Err);
        Assert.Equal(
            "错误：images.yaml:2: images[0].name: “sandbox/python:3”：镜像名称不要带标签\n"
            + "错误：images.yaml:4: images[1].name: “acme/tool”：没有构建它的配方（`sandbox image build` 只构建 sandbox/runner, sandbox/python）\n"
            + "错误：images.yaml:4: images[1].purpose: 需要填写用途（purpose）：该镜像用于哪些作业\n"
            + "错误：images.yaml:5: images[2].name: 需要镜像名称\n"
            + "错误：images.yaml:8: images[4].name: “sandbox/runner”被列出了两次\n"
            + "错误：images.yaml:8: images[4].purpose: 需要填写用途（purpose）：该镜像用于哪些作业\n", zh.Err);

        File.WriteAllText(Path.Combine(folder, "images.yaml"), "images: nope\n");
        zh = await Run(folder, ["--lang", "zh-CN", .. args]);
        Assert.Equal((2, "错误：images.yaml:1: images: 需要一个由 {name, purpose} 组成的列表\n"), (zh.Code, zh.Err));
    }

    [Fact]
    public async Task JobCheck_LimitsAboveThePlatformsMaxima_EachInTheReadersLanguage()
    {
        var folder = Path.Combine(_home.Root, "jobs", "greedy");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "job.yaml"), "grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select count(*) as n from residents\nlimits: { timeout: 2h, pids: 4096 }\n");
        string[] args = ["--as", TestHome.Analyst, "job", "check", "job.yaml", "--home", _home.Root];

        var en = await Run(folder, args);
        var zh = await Run(folder, ["--lang", "zh-CN", .. args]);

        Assert.Equal((2, 2), (en.Code, zh.Code));
        Assert.Equal("error: job.yaml: limits.timeout: 02:00:00 is above the platform's maximum of 01:00:00; limits.pids: 4096 is above the platform's maximum of 1024\n", en.Err);
        Assert.Contains("limits.timeout：02:00:00 超过平台上限 01:00:00", zh.Err, StringComparison.Ordinal);
        Assert.Contains("limits.pids：4096 超过平台上限 1024", zh.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("above", zh.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_PagingAndFilterErrors_DetailInTheLanguageTheClientAccepts()
    {
        using var serve = ServeProcess.Start(_home);
        using var client = new HttpClient { BaseAddress = serve.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _home.Ok("token", "issue", "zijin-analyst").Trim());

        async Task<(HttpStatusCode Status, string Detail)> Get(string path, string? language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await client.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!);
        }

        foreach (var (path, english, chinese) in new[]
        {
            ("/v1/jobs?limit=0", "limit: expected a whole number from 1 to 500", "limit：应为 1 到 500 之间的整数"),
            ("/v1/jobs?offset=x", "offset: expected a whole number from 0 to 2147483647", "offset：应为 0 到 2147483647 之间的整数"),
            ("/v1/jobs?since=yesterday", "since: expected an ISO 8601 time, e.g. 2026-12-01T00:00:00Z", "since：应为 ISO 8601 时间，例如 2026-12-01T00:00:00Z"),
            ("/v1/jobs?grant=" + new string('g', 129), "grant: at most 128 characters", "grant：最多 128 个字符"),
        })
        {
            Assert.Equal((HttpStatusCode.BadRequest, english), await Get(path, null));
            Assert.Equal((HttpStatusCode.BadRequest, chinese), await Get(path, "zh-CN"));
        }

        // A job file posted with field errors: each line in the language asked for.
        async Task<(HttpStatusCode Status, string Detail)> Post(string? language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs")
            {
                Content = new StringContent("grant: nj-credit-2026\nkind: sqlx\nlimits: { pids: 0 }\n", System.Text.Encoding.UTF8, "application/yaml"),
            };
            if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await client.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!);
        }
        // An unknown backend, in the language asked for.
        foreach (var (language, expected) in new[] { ((string?)null, "backend: 'gpu': expected inprocess or docker"), ("zh-CN", "backend：“gpu”：应为 inprocess 或 docker") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs?backend=gpu")
            {
                Content = new StringContent("grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select 1 as n\n", System.Text.Encoding.UTF8, "application/yaml"),
            };
            if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(expected, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        }

        var (status, detail) = await Post(null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(":2: kind: expected sql, container, ml, found 'sqlx'", detail, StringComparison.Ordinal);
        Assert.Contains(":3: limits.pids: expected a whole number of processes between 1 and 1000000, found '0'", detail, StringComparison.Ordinal);
        (status, detail) = await Post("zh-CN");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(":2: kind: 应为 sql, container, ml，实际为“sqlx”", detail, StringComparison.Ordinal);
        Assert.Contains(":3: limits.pids: 应为 1 到 1000000 之间的进程数（整数），实际为“0”", detail, StringComparison.Ordinal);
    }

    // The real CLI in the job file's folder, so that the messages name it as the user typed it.
    private static Task<(int Code, string Out, string Err)> Run(string folder, IReadOnlyList<string> args) => SandboxProcess.RunAsync(args, null, folder);
}
