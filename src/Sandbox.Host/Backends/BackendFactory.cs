using Sandbox.Host.Backends.Docker;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Backends;

/// <summary>Makes the backend named by <c>--backend</c>.</summary>
public static class BackendFactory
{
    /// <summary>
    /// The backend named <paramref name="name"/>. For docker, an engine must answer (else <see cref="DockerUnavailableException"/>)
    /// and, given a <paramref name="session"/>, the home is reconciled first: containers and workspaces left by a crash are removed.
    /// </summary>
    public static async Task<IJobBackend> CreateAsync(string name, SandboxSession? session, CancellationToken cancellationToken)
    {
        switch (name)
        {
            case "inprocess":
                return new InProcessBackend();
            case "docker":
                var backend = await DockerBackend.ConnectAsync(cancellationToken, session).ConfigureAwait(false);
                if (session is not null) await ContainerReconciler.ReconcileAsync(backend, session, cancellationToken).ConfigureAwait(false);
                return backend;
            default:
                throw new InputException(new LocalMessage("error.backend-unknown", ("name", name)));
        }
    }
}
