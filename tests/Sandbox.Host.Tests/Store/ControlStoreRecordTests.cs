using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Sandbox.Contracts;
using Sandbox.Contracts.Jobs;
using Sandbox.Contracts.Principals;
using Sandbox.Export.Checks;
using Sandbox.Export.Review;
using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Policy.Consent;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Jobs;
using Sandbox.Policy.Lifecycle;
using Sandbox.Policy.Principals;

namespace Sandbox.Host.Tests.Store;

/// <summary>
/// The store's records are typed and read back once, in the store: what goes in through <see cref="IStoreChange"/>
/// comes out of a reopened store equal, the JSON kept in its columns is byte for byte what homes already hold, and
/// rows written in an older format still read.
/// </summary>
public sealed class ControlStoreRecordTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    // How the columns were written before the store read them itself: the CLI's conventions (grants, principals,
    // agreements, job specs, export documents) and the store's own (dataset columns, job outputs, alert evidence).
    private static readonly JsonSerializerOptions DocumentsBefore = Jsons.Options;
    private static readonly JsonSerializerOptions RowsBefore = new(JsonSerializerDefaults.Web)
    {
        Converters =
        {
            new VocabularyJsonConverter<JobState>(JobStates.Vocabulary),
            new VocabularyJsonConverter<GrantState>(GrantStates.Vocabulary),
            new VocabularyJsonConverter<Role>(Roles.Vocabulary),
            new JsonStringEnumConverter(),
        },
    };

    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Records_WrittenThenReadFromAReopenedStore_AreEqual()
    {
        var (grant, principal, agreement, job, export, alert, reads) = WriteSamples();

        using var reopened = Open();
        var store = reopened.Store;
        AssertSame(grant, store.FindGrant(grant.Id));
        AssertSame(principal, store.FindPrincipal(principal.Id));
        AssertSame([principal], store.ListPrincipals());
        AssertSame(agreement, store.FindLifecycle(grant.Id).Agreement);
        AssertSame(job, store.FindJob(job.Id));
        AssertSame(export, store.FindExport(export.Id));
        AssertSame(alert.Evidence, store.ListAlerts().Single().Evidence);
        AssertSame(reads, store.FindJobReads(job.Id));
        Assert.Empty(AuditProblems(reopened));
    }

    [Fact]
    public void StoredJson_IsTheFormatHomesAlreadyHold()
    {
        var (grant, principal, agreement, job, export, alert, reads) = WriteSamples();

        Assert.Equal(JsonSerializer.Serialize(grant.Grant, DocumentsBefore), Column($"SELECT grant_json FROM grants WHERE id = '{grant.Id}'"));
        Assert.Equal(JsonSerializer.Serialize(principal, DocumentsBefore), Column($"SELECT json FROM principals WHERE id = '{principal.Id}'"));
        Assert.Equal(JsonSerializer.Serialize(agreement, DocumentsBefore), Column($"SELECT agreement_json FROM grant_lifecycle WHERE grant_id = '{grant.Id}'"));
        Assert.Equal(JsonSerializer.Serialize(job.Spec, DocumentsBefore), Column($"SELECT spec_json FROM jobs WHERE id = '{job.Id}'"));
        Assert.Equal(JsonSerializer.Serialize(job.Outputs, RowsBefore), Column($"SELECT outputs_json FROM jobs WHERE id = '{job.Id}'"));
        Assert.Equal(JsonSerializer.Serialize(export.Document, DocumentsBefore), Column($"SELECT report_json FROM exports WHERE id = '{export.Id}'"));
        Assert.Equal(JsonSerializer.Serialize(alert.Evidence, RowsBefore), Column("SELECT evidence_json FROM alerts"));
        Assert.Equal(JsonSerializer.Serialize(reads, RowsBefore), Column($"SELECT json FROM job_reads WHERE job_id = '{job.Id}'"));
        // Readable Chinese in documents, as the CLI writes it; the store's own rows escape it, as they always have.
        Assert.Contains("紫金", Column($"SELECT grant_json FROM grants WHERE id = '{grant.Id}'"), StringComparison.Ordinal);
    }

    [Fact]
    public void ExportRow_WrittenBeforeTheDocumentExisted_ReadsAsRoundOneOfItsReport()
    {
        var (_, _, _, job, _, _, _) = Samples();
        using (var session = Open())
        {
            session.Store.Change("admin", "job.submit", job.Id, new { }, tx => { tx.PutJob(job); return 0; });
        }
        // The first releases kept the bare check report in report_json.
        _home.Sql($$"""
            INSERT INTO exports(id, job_id, output, path, sha256, requested_by, requested_at, state, report_json)
            VALUES ('exp-old', '{{job.Id}}', 'd', '/x/d.csv', 'abc', 'zijin-analyst', '2025-01-02T03:04:05.0000000Z', 'Checked',
                    '{"verdict":"review","checks":[{"rule":"threshold","status":"review","detail":"2 cells","cells":["r1c2"]}]}')
            """);

        using var reopened = Open();
        var document = reopened.Store.FindExport("exp-old")!.Document;

        Assert.Equal(CheckStatus.Review, document.Report.Verdict);
        Assert.Equal(["r1c2"], document.Report.Checks.Single().Cells);
        Assert.Equal(1, document.Round);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), document.SubmittedAt);
        Assert.False(document.CrossBorder);
    }

    [Fact]
    public void AuditChain_HashesAnEntryAsHomesAlreadyChainedIt()
    {
        // Computed independently (Python's hashlib over the length-prefixed fields): an existing home's log must verify.
        var entry = new AuditEntry(1, At, "admin", "home.init", "/home", """{"publicKey":"ab"}""", AuditChain.Genesis, "");

        Assert.Equal("d23396d8756ebda4ee05a4008c913e935e8291934c3fe41372e8b07e87b49e11", AuditChain.HashOf(entry));
    }

    [Fact]
    public void Change_ThatThrows_WritesNeitherTheRecordNorItsAuditEntry()
    {
        var (grant, _, _, _, _, _, _) = Samples();
        using var session = Open();
        var before = session.Store.ListAudit().Count;

        Assert.Throws<InvalidOperationException>(() => session.Store.Change<int>("admin", "policy.apply", grant.Id, new { }, tx =>
        {
            tx.PutGrant(grant);
            throw new InvalidOperationException("half way");
        }));

        Assert.Null(session.Store.FindGrant(grant.Id));
        Assert.Equal(before, session.Store.ListAudit().Count);
        Assert.Empty(AuditProblems(session));
    }

    /// <summary>Writes every sample record in one audited change, through the store's only door for writes.</summary>
    private (GrantRecord, Principal, Agreement, JobRecord, ExportRecord, Alert, JobReads) WriteSamples()
    {
        var samples = Samples();
        var (grant, principal, agreement, job, export, alert, reads) = samples;
        using var session = Open();
        session.Store.Change("admin", "policy.apply", "records", new { }, tx =>
        {
            tx.PutGrant(grant);
            tx.ReplacePrincipals([principal]);
            tx.SetAgreement(grant.Id, agreement);
            tx.PutJob(job);
            tx.PutJobReads(job.Id, reads);
            tx.PutExport(export);
            return tx.AddAlert(alert);
        });
        return samples;
    }

    private SandboxSession Open() => SandboxSession.Open(new SandboxHome(_home.Root), null, _home.Time);

    private static IReadOnlyList<string> AuditProblems(SandboxSession session) => Sandbox.Host.Audit.AuditLog.Verify(session.Store);

    private string Column(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_home.Root, "control.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }

    // Equal by value: the same JSON under an independent (reflection) serializer, so nested lists compare by content.
    private static void AssertSame<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, DocumentsBefore), JsonSerializer.Serialize(actual, DocumentsBefore));

    private static (GrantRecord, Principal, Agreement, JobRecord, ExportRecord, Alert, JobReads) Samples()
    {
        var period = new GrantPeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        var grant = new Grant
        {
            Id = "nj-records-2026",
            Operator = new OperatorInfo("zijin-credit", "紫金信用", Foreign: true),
            Zone = "comprehensive",
            Scenario = "信用评估",
            Period = period,
            AgreementSigned = new DateOnly(2026, 1, 2),
            Datasets = new Dictionary<string, GrantedDataset>
            {
                ["residents"] = new("residents", ["district", "name"], new Dictionary<string, string> { ["name"] = "mask" },
                    new Dictionary<string, string> { ["district"] = "group-by-only" }),
            },
            Consent = new Dictionary<string, IReadOnlyList<string>> { ["residents"] = ["name"] },
            ConsentRecords = [new ConsentRecord("residents", ["name"], "evidence/abc.pdf", new DateOnly(2025, 12, 1))],
            SourceFile = "/policies/grants/nj-records.yaml",
            ExportLimits = "threshold: 20\n",
            DocumentSha256 = new string('a', 64),
        };
        var record = new GrantRecord(grant.Id, GrantState.Suspended, grant, grant.SourceFile, grant.DocumentSha256, At);
        var principal = new Principal("records-analyst", "记录 分析员", [Role.Operator, Role.Expert], "zijin-credit");
        var agreement = new Agreement
        {
            Grant = grant.Id,
            Signed = new DateOnly(2026, 1, 2),
            Parties = ["市数据局", "紫金信用"],
            Content = "授权运营协议",
            Period = period,
            Scope = "信用",
            Responsibilities = "保密",
            Termination = "违约即终止",
            DocumentSha256 = new string('b', 64),
        };
        var job = new JobRecord("job-records", grant.Id, "sql",
            new JobSpec { Grant = grant.Id, Kind = "sql", Queries = [new NamedQuery("d", "select district, count(*) from residents group by 1", 3)], Tables = ["residents"] },
            JobState.Succeeded, 0, null, "inprocess", "records-analyst", At, At.AddMinutes(1), [new JobOutput("d", "/out/d.csv", 12, 340)]);
        var report = CheckReport.From([new CheckResult("threshold", CheckStatus.Review, "2 个单元格", ["r1c2"]) { Findings = [new CellFinding(1, "n", "threshold", 3)] }]);
        var document = new ExportDocument(report, new string('c', 64), "round5", CheckReport.From([]), new string('d', 64), 2, At, CrossBorder: true, ReviewsBefore: 3, CheckedSha256: new string('e', 64));
        var export = new ExportRecord("exp-records", job.Id, "d", "/out/d.csv", new string('e', 64), "records-analyst", At, ExportState.Checked, document, null, null);
        var alert = new Alert("differencing", "records-analyst", "fp-1", new AlertEvidence([1, 2], [job.Id], [grant.Id]), "suspend", "两次导出相减") { Id = "alert-0001", RaisedAt = At };
        var reads = new JobReads([new QueryReads("d", ["residents"], [new TableColumn("residents", "district")], [1], """{"node":"SELECT_NODE"}""")]);
        return (record, principal, agreement, job, export, alert, reads);
    }
}
