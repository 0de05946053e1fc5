namespace Sandbox.Host.Tests.Service;

/// <summary><c>sandbox serve --workers</c>: out of its range it is refused before anything listens, in the reader's language.</summary>
public sealed class ServeOptionsTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData("0", "en", "--workers: between 1 and 64")]
    [InlineData("65", "en", "--workers: between 1 and 64")]
    [InlineData("0", "zh-CN", "--workers：应在 1 到 64 之间")]
    public void Serve_WorkersOutOfRange_IsBadInput(string workers, string language, string message)
    {
        var (code, output, error) = _home.Run("--lang", language, "serve", "--urls", "http://127.0.0.1:0", "--workers", workers);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("serving", output, StringComparison.Ordinal);
    }
}
