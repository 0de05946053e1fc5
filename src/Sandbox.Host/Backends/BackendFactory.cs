using Sandbox.Host.Home;

namespace Sandbox.Host.Backends;

/// <summary>Makes the backend named by <c>--backend</c>.</summary>
public static class BackendFactory
{
    public static IJobBackend Create(string name) => name switch
    {
        "inprocess" => new InProcessBackend(),
        "docker" => throw new InputException("--backend: the docker backend is not available in this build yet; use inprocess"),
        _ => throw new InputException($"--backend: unknown backend '{name}' (inprocess or docker)"),
    };
}
