using Sandbox.Contracts.Runner;
using Sandbox.Export.Review;
using Sandbox.Host.Access;
using Sandbox.Host.Home;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;
using Sandbox.Runner.Ml;

namespace Sandbox.Host.Exports;

/// <summary>
/// A model released through review, as a later <c>kind: ml</c> job with <c>predict:</c> applies it inside the domain:
/// the export that released it, its file (checked against the SHA-256 the reviewers approved), and the task and
/// features of the job that trained it.
/// </summary>
/// <param name="ExportId">The export that released the model.</param>
/// <param name="Path">A file holding exactly the released model.</param>
/// <param name="Sha256">The SHA-256 recorded when the model was requested for export, and reviewed.</param>
/// <param name="Task">The task the model was trained for.</param>
/// <param name="Features">The feature columns the model reads, by name.</param>
public sealed record ReleasedModel(string ExportId, string Path, string Sha256, string Task, IReadOnlyList<string> Features)
{
    /// <summary>The runner's view, with the model file at <paramref name="modelPath"/> (a copy the job may read).</summary>
    public MlPrediction ToPrediction(string modelPath) => new(modelPath, Sha256, ExportId);
}

/// <summary>Finds a released model for a scoring job, or says why it cannot be applied; nothing here throws for a refusal.</summary>
internal static class ReleasedModels
{
    /// <summary>
    /// The released model <paramref name="exportId"/> if the session's principal may apply it to <paramref name="grant"/>'s
    /// data: a model of its own organization (another's answers as missing, as an unknown id does), released, whole,
    /// trained by an ml job, and trained for the same operator as the grant it is applied under.
    /// </summary>
    public static (ReleasedModel? Model, string? Refusal) Resolve(SandboxSession session, string exportId, Grant grant)
    {
        var missing = $"predict: no released model '{exportId}'";
        if (session.Store.FindExport(exportId) is not { } export) return (null, missing);
        var access = Authorizer.Decide(session.Principal, AccessAction.ModelApply, Resources.Export(session, export));
        if (!access.Allowed) return (null, access.Hidden ? missing : $"predict: {access.Reason}");

        var trainedBy = session.Store.FindJob(export.JobId);
        if (trainedBy is not { Spec.Ml: { Predict: null } ml } || export.Output != MlJobExecutor.ModelFile)
        {
            return (null, $"predict: export {exportId} is not a model (it released {export.Output}); name the export of a training job's {MlJobExecutor.ModelFile}");
        }
        if (export.State != ExportState.Released)
        {
            return (null, $"predict: the model of export {exportId} is not released (it is {export.State.Name()}); a model is applied only after both reviews and its release");
        }
        // Defence in depth: the authorizer already kept other organizations' models out of sight.
        if (session.Store.FindGrant(trainedBy.GrantId) is not { } trainedUnder || trainedUnder.Grant.Operator.Id != grant.Operator.Id)
        {
            return (null, missing);
        }
        // The bundle's copy first (signed with the release), then the job's own output; either must be the reviewed bytes.
        var candidates = new[] { export.BundlePath is { } bundle ? System.IO.Path.Combine(bundle, MlJobExecutor.ModelFile) : null, export.Path };
        foreach (var path in candidates.OfType<string>().Where(File.Exists))
        {
            if (string.Equals(FileHash.Sha256Of(path), export.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                return (new ReleasedModel(export.Id, path, export.Sha256, ml.Task, ml.Features), null);
            }
        }
        return (null, $"predict: the file of the model released by {exportId} is missing or no longer the one reviewed (sha256 {export.Sha256[..12]}…); it cannot be applied");
    }
}
