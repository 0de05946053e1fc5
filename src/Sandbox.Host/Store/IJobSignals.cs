using Sandbox.Policy.Grants;

namespace Sandbox.Host.Store;

/// <summary>
/// A read-only view of the store for another thread or process (a running job's watch): what could stop a job from
/// outside. It has its own connection and never writes.
/// </summary>
internal interface IJobSignals : IDisposable
{
    /// <summary>
    /// The grant's stored state with the reason of its last suspension or termination, and who asked to cancel the
    /// job (null when nobody did). Null when the grant is gone.
    /// </summary>
    (GrantState GrantState, string? StopReason, string? CancelledBy)? JobStopSignal(string grantId, string jobId);
}
