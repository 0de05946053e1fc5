namespace Sandbox.Host.Store;

/// <summary>
/// What an admitted job reads, recorded once when the policy admits it and carried forward: the export gate, the
/// release manifest, the column-usage review and the monitor read this record instead of parsing the job's SQL again.
/// </summary>
/// <param name="Queries">One entry per admitted statement: each named query, and an ml job's query.</param>
public sealed record JobReads(IReadOnlyList<QueryReads> Queries)
{
    /// <summary>
    /// The grant's materialized tables the job was staged with, by address, when it reads them in place; null for a
    /// job staged otherwise or recorded before this was kept. The export gate measures the evidence of such a job's
    /// outputs from exactly these files when an export is asked for (see <c>Exports.RequestedEvidence</c>).
    /// </summary>
    public IReadOnlyList<StagedTable>? Staged { get; init; }

    /// <summary>The statement named <paramref name="name"/>, or null.</summary>
    public QueryReads? Of(string name) => Queries.FirstOrDefault(q => q.Name == name);
}

/// <summary>What one admitted statement reads.</summary>
/// <param name="Name">The query's name in the job file; an ml job's query is named <c>training</c>.</param>
/// <param name="Tables">The base tables it reads, each once, as written.</param>
/// <param name="Columns">
/// The (table, column) pairs it may read. Errs towards more, never fewer: an unqualified name counts for every table of
/// the statement and a <c>*</c> for every column of its tables, so a column is never called unused by mistake.
/// </param>
/// <param name="CountColumnOrdinals">0-based positions of the count aggregates in its top-level select list, or null.</param>
/// <param name="Ast">The statement's syntax tree as DuckDB serialized it, for comparing two statements.</param>
public sealed record QueryReads(
    string Name, IReadOnlyList<string> Tables, IReadOnlyList<TableColumn> Columns, IReadOnlyList<int>? CountColumnOrdinals, string Ast);

/// <summary>One column of one table.</summary>
public sealed record TableColumn(string Table, string Column);

/// <summary>One granted table as a job was staged with it.</summary>
/// <param name="Name">The table (the dataset's name).</param>
/// <param name="Address">The address of its materialization (see <c>DataPlane.Materializer.Address</c>).</param>
/// <param name="Subject">Its subject column when granted and not redacted (the evidence counts subjects by it); else null.</param>
public sealed record StagedTable(string Name, string Address, string? Subject);
