using System.Net.Http.Headers;
using Sandbox.Host.Api;
using Sandbox.Host.Home;

namespace Sandbox.Host.Tests.Api;

/// <summary>A test home with the synthetic city behind a real Kestrel host on a free loopback port.</summary>
public abstract class ApiHost(int enterprises, int residents, int requestsPerMinute = 600) : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication? _app;

    protected TestHome Home { get; } = new TestHome().WithCity(enterprises, residents);

    protected HttpClient Client { get; private set; } = new();

    protected Microsoft.AspNetCore.Builder.WebApplication App => _app!;

    public virtual async Task InitializeAsync()
    {
        _app = new ApiServer(new SandboxHome(Home.Root), Home.Time) { RequestsPerMinute = requestsPerMinute }.Build("http://127.0.0.1:0");
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(ApiServer.Address(_app)) };
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        Home.Dispose();
    }

    /// <summary>Acts as <paramref name="principal"/>: a fresh token on the client.</summary>
    protected void As(string principal) =>
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Home.Ok("token", "issue", principal).Trim());
}
