using Docker.DotNet;

namespace Sandbox.Host.Backends.Docker;

/// <summary>Connects to the local Docker engine and checks that it answers.</summary>
public static class DockerEngine
{
    /// <summary>The engine's socket: <c>$DOCKER_HOST</c> when it names a unix socket, else <c>/var/run/docker.sock</c>.</summary>
    public static Uri Endpoint { get; } =
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { } host && host.StartsWith("unix://", StringComparison.Ordinal)
            ? new Uri(host)
            : new Uri("unix:///var/run/docker.sock");

    /// <summary>A client whose engine answered a ping within a few seconds; otherwise <see cref="DockerUnavailableException"/>.</summary>
    public static Task<DockerClient> ConnectAsync(CancellationToken cancellationToken) => ConnectAsync(Endpoint, cancellationToken);

    /// <summary>A client for <paramref name="endpoint"/> whose engine answered a ping; otherwise <see cref="DockerUnavailableException"/>.</summary>
    public static async Task<DockerClient> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        if (endpoint.Scheme == "unix" && !File.Exists(endpoint.LocalPath))
        {
            throw new DockerUnavailableException(endpoint, "the socket does not exist");
        }
        var client = new DockerClientBuilder().WithEndpoint(endpoint).Build();
        // Its own timeout: a hung engine must not hang `job run` before anything is recorded.
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await client.System.PingAsync(probe.Token).ConfigureAwait(false);
            return client;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or DockerApiException or TimeoutException
                                       or System.Net.Sockets.SocketException or UnauthorizedAccessException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            client.Dispose();
            throw new DockerUnavailableException(endpoint, ex is OperationCanceledException ? "no answer within 5 s" : FirstLine(ex), ex);
        }
    }

    private static string FirstLine(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null && inner.Message.Length == 0) inner = inner.InnerException;
        return inner.Message.Split('\n')[0];
    }
}
