using Sandbox.Contracts.Evidence;
using Sandbox.Documents;
using Sandbox.Export.Checks;
using Sandbox.Export.Evidence;
using Sandbox.Export.Policy;
using Sandbox.Host.Home;
using Sandbox.Host.Store;

namespace Sandbox.Host.Exports;

/// <summary>Assembles what the checks of one job output need: the export policy in force, the evidence, the subjects.</summary>
internal static class ExportChecks
{
    /// <summary>The file name suffix of evidence; such files are never exportable.</summary>
    public const string EvidenceSuffix = EvidenceRoles.FileSuffix;

    /// <summary>
    /// The export policy of a grant: the defaults, tightened by the grant document's own <c>export:</c> limits, as
    /// they were applied (hashed and audited with the grant), never read from disk afterwards.
    /// </summary>
    public static ExportPolicy PolicyFor(GrantRecord grant)
    {
        var limits = grant.Grant.ExportLimits;
        if (limits is null) return ExportPolicy.Defaults;
        try
        {
            return ExportPolicy.Defaults.Tighten(limits, $"grant {grant.Id} (export:)");
        }
        catch (PolicyDocumentException ex)
        {
            // Validated when the grant was applied: only a host with other defaults can get here. Fail closed.
            throw InputException.Of(ex.Errors);
        }
    }

    /// <summary>The options for checking output <paramref name="output"/> of <paramref name="job"/> (or a mitigated copy): evidence is matched to <paramref name="outputPath"/>.</summary>
    public static (CheckOptions Options, ExportPolicy Policy) For(SandboxSession session, JobRecord job, string output, string outputPath,
        TextWriter? progress = null)
    {
        var grant = session.Store.FindGrant(job.GrantId) ?? throw new InputException($"job {job.Id}: its grant {job.GrantId} is no longer applied");
        var policy = PolicyFor(grant);
        var spec = job.Spec;
        // A SQL job's named query, or a scoring job's query (its predictions are the query's rows, the model's columns after
        // them), as recorded when the job was admitted: it is not parsed again here.
        var reads = Jobs.JobReading.Of(session, job);
        var statement = reads.Of(output)
            ?? (spec.Ml is { Predict: not null } && output == Sandbox.Runner.Ml.MlJobExecutor.PredictionsOutput ? reads.Of(Jobs.MlJobAdmission.TrainingQuery) : null);

        // The output's hash, computed once and only when evidence or a model's facts claim one.
        var outputSha256 = new Lazy<string>(() => FileHash.Sha256Of(outputPath));

        // Evidence is trusted only from SQL and ml jobs, where the runner is the only code that wrote to the output
        // directory; a container job could forge it.
        OutputEvidence evidence;
        if (job.Kind is not ("sql" or "ml") || statement is null)
        {
            evidence = OutputEvidence.None("the output was not produced by a SQL query, so nothing measured its subjects");
        }
        else
        {
            var file = Path.Combine(Path.GetDirectoryName(outputPath)!, output + EvidenceSuffix);
            // A job that read the grant's materialized tables in place left its evidence to be measured now, once.
            string? unmeasured = !File.Exists(file) && job.Kind == "sql" && reads.Staged is { } staged
                ? RequestedEvidence.Measure(session, job, output, outputPath, statement, staged, progress)
                : null;
            evidence = unmeasured is null ? OutputEvidence.Read(file) : OutputEvidence.None(unmeasured);
            if (evidence.OutputSha256 is { } sha && sha != outputSha256.Value)
            {
                evidence = OutputEvidence.None("the evidence was computed for a different version of the output");
            }
        }

        // A model's evidence is trusted only from ml jobs, whose outputs only the runner wrote, and only for the very file
        // it describes; a container's model has none, and its model rules ask for review.
        Sandbox.Contracts.Evidence.ModelEvidence? model = null;
        if (job.Kind == "ml" && Sandbox.Export.Models.ModelEvidenceFile.ReadBeside(outputPath) is { } facts && facts.ModelSha256 == outputSha256.Value)
        {
            model = facts;
        }

        var tables = statement?.Tables ?? [];
        var subjects = session.Store.ListDatasets().Where(d => d.Subject is not null && (statement is null || tables.Contains(d.Name, StringComparer.OrdinalIgnoreCase)))
            .Select(d => d.Subject!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var options = policy.Options with
        {
            Evidence = evidence,
            CountColumnOrdinals = statement?.CountColumnOrdinals,
            SubjectColumns = subjects,
            Model = model,
        };
        return (options, policy);
    }

    /// <summary>Runs the checks, turning a malformed output into bad input that names the line.</summary>
    public static CheckReport Run(string path, CheckOptions options)
    {
        try
        {
            return DisclosureChecker.Check(path, options);
        }
        catch (OutputFormatException ex)
        {
            throw new InputException(ex.Message);
        }
    }
}
