using System.Net;
using System.Text;
using System.Text.Json;
using Sandbox.Host.Api;

namespace Sandbox.Host.Tests.Api;

/// <summary>
/// Hostile route values and body values on every route: answered 400/404 (or refused), never with the CLI's help, a
/// file's content or a server path — no request text reaches a command-line parser or the file system.
/// </summary>
public sealed class ApiFuzzTests : ApiHost
{
    private const string Marker = "SECRET-MARKER-7f3a";
    private readonly string _secret;

    public ApiFuzzTests()
        : base(enterprises: 50, residents: 30)
    {
        // The files an `@file` response-file trick would read: in the working directory and at an absolute path.
        _secret = Path.Combine(Home.Root, "secret.txt");
        File.WriteAllText(_secret, Marker);
        File.WriteAllText(Path.Combine(Environment.CurrentDirectory, "secret.txt"), Marker);
    }

    public static TheoryData<string> HostileValues => new()
    {
        "--help", "-h", "-?", "@secret.txt", "@/etc/passwd", "..", "%2e%2e", "%2e%2e%2fkeys", "a%00b", "x%0Ay", "%40secret.txt",
        "--as", "job-1 --json", new string('a', 10_000),
    };

    private static readonly string[] Routes =
    [
        "GET /v1/datasets/{}", "GET /v1/grants/{}", "GET /v1/jobs/{}", "GET /v1/jobs/{}/logs", "GET /v1/jobs/{}/progress", "POST /v1/jobs/{}/cancel",
        "GET /v1/exports/{}", "POST /v1/exports/{}/withdraw", "POST /v1/exports/{}/resubmit", "POST /v1/exports/{}/release",
        "GET /v1/exports/{}/bundle", "POST /v1/exports/{}/reviews",
    ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        As("zijin-analyst");
    }

    public override async Task DisposeAsync()
    {
        File.Delete(Path.Combine(Environment.CurrentDirectory, "secret.txt"));
        await base.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public async Task RouteValue_Hostile_IsAnsweredWithoutCliTextOrFileContent(string value)
    {
        foreach (var route in Routes)
        {
            var (method, template) = (route.Split(' ')[0], route.Split(' ')[1]);
            using var request = new HttpRequestMessage(new HttpMethod(method), template.Replace("{}", value, StringComparison.Ordinal))
            {
                Content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
            };
            using var response = await Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.RequestUriTooLong or HttpStatusCode.MethodNotAllowed,
                $"{route} with {value[..Math.Min(20, value.Length)]}: {(int)response.StatusCode} {body}");
            AssertClean(body, route);
        }
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public async Task BodyValue_Hostile_IsAnsweredWithoutCliTextOrFileContent(string value)
    {
        var bodies = new (string Path, object Body)[]
        {
            ("/v1/exports", new { job = value, output = value }),
            ("/v1/exports", new { job = value, output = "n", mitigate = value }),
            ("/v1/exports/exp-1/reviews", new { stage = value, action = "approve", note = value }),
            ("/v1/exports/exp-1/reviews", new { stage = "technical", action = value, note = "x" }),
            ("/v1/exports/exp-1/reviews", new { stage = "technical", action = "approve", note = value + "\u0001\u001b[2J" }),
        };
        foreach (var (path, body) in bodies)
        {
            using var response = await Client.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {text}");
            AssertClean(text, path);
        }

        // A job file whose values are hostile: bad input or a refused job, never a parser's help or a file.
        var job = $"grant: \"{value.Replace("\"", "", StringComparison.Ordinal)}\"\nkind: sql\nqueries:\n  n: select count(*) as n from residents\n";
        using var submitted = await Client.PostAsync("/v1/jobs", new StringContent(job, Encoding.UTF8, "application/yaml"));
        var answer = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"/v1/jobs: {(int)submitted.StatusCode} {answer}");
        AssertClean(answer, "/v1/jobs");
    }

    [Fact]
    public async Task Body_NotJsonOrTooBig_IsBadInput()
    {
        using var garbage = await Client.PostAsync("/v1/exports", new StringContent("{\"job\": [", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        // Asking to continue first: the host refuses from the declared length, so the client reads an answer, not a closed pipe.
        using var oversized = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = new ByteArrayContent(new byte[ApiServer.MaxBodyBytes + 1]) };
        oversized.Headers.ExpectContinue = true;
        using var big = await Client.SendAsync(oversized);
        Assert.True(big.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{(int)big.StatusCode}");
    }

    private void AssertClean(string body, string what)
    {
        Assert.DoesNotContain(Marker, body);
        Assert.DoesNotContain("root:x:", body);
        Assert.DoesNotContain("Usage:", body);
        Assert.DoesNotContain("Options:", body);
        Assert.False(body.Contains(Home.Root, StringComparison.Ordinal), $"{what}: names the home's path: {body}");
    }
}
