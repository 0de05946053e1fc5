using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sandbox.Host.Tests.Service;

namespace Sandbox.Host.Tests.Jobs.Submissions;

/// <summary>
/// A refused job upload (a tar of job.yaml and its files) through a real <c>sandbox serve</c> process: the problem's
/// detail is English by default, Chinese when the client's <c>Accept-Language</c> asks for it; the status is the same.
/// </summary>
public sealed class SubmissionLanguageTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    public static TheoryData<string, Action<TarWriter>, string, string> Refusals => new()
    {
        {
            "symbolic link",
            w => w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "code/key") { LinkName = "/etc/passwd" }),
            "job.tar: code/key: a symbolic link (to /etc/passwd); only regular files and folders are accepted",
            "job.tar: code/key：符号链接（指向 /etc/passwd）；只接受普通文件和文件夹"
        },
        {
            "climbing name",
            w => w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "../job.yaml") { DataStream = new MemoryStream("x"u8.ToArray()) }),
            "job.tar: ../job.yaml: contains '..'; names must stay inside the job folder",
            "job.tar：../job.yaml：含有“..”；名称必须留在作业文件夹之内"
        },
        {
            "no job file",
            w => w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "code/main.py") { DataStream = new MemoryStream("print(1)"u8.ToArray()) }),
            "job.tar: job.yaml: the archive must hold the job file at its top level",
            "job.tar：job.yaml：归档的顶层必须包含作业文件"
        },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task PostTar_Refused_DetailInTheLanguageTheClientAccepts(string kind, Action<TarWriter> write, string english, string chinese)
    {
        using var serve = ServeProcess.Start(_home);
        using var client = new HttpClient { BaseAddress = serve.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _home.Ok("token", "issue", "zijin-analyst").Trim());
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, leaveOpen: true)) write(writer);

        async Task<(HttpStatusCode Status, string Detail)> Post(string? language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = new ByteArrayContent(tar.ToArray()) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
            if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!);
        }

        Assert.Equal((HttpStatusCode.BadRequest, english), await Post(null));
        Assert.Equal((HttpStatusCode.BadRequest, english), await Post("en-US"));
        Assert.Equal((HttpStatusCode.BadRequest, chinese), await Post("zh-CN"));
        Assert.Equal((HttpStatusCode.BadRequest, chinese), await Post("fr;q=0.9, zh-Hans;q=0.8, en;q=0.5"));
        Assert.True(kind.Length > 0);
        // Nothing of a refused upload is kept.
        Assert.Empty(Directory.Exists(Path.Combine(_home.Root, "submitted")) ? Directory.EnumerateFileSystemEntries(Path.Combine(_home.Root, "submitted")) : []);
    }
}
