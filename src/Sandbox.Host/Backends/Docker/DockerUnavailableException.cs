namespace Sandbox.Host.Backends.Docker;

/// <summary>No Docker engine answers at the endpoint: an infrastructure failure, never a job's own.</summary>
public sealed class DockerUnavailableException(Uri endpoint, string detail, Exception? inner = null)
    : Exception($"no Docker engine at {endpoint}: {detail} (start dockerd, or use --backend inprocess for SQL jobs)", inner)
{
    /// <summary>The socket or address that did not answer.</summary>
    public Uri Endpoint { get; } = endpoint;
}
