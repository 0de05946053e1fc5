namespace Sandbox.Host.Dummy;

/// <summary>One table of a dummy workspace: <c>&lt;name&gt;.parquet</c>.</summary>
/// <param name="Name">The table (the grant's dataset name).</param>
/// <param name="Rows">Its dummy rows.</param>
/// <param name="Schema">Every column of the dataset, granted or not (names only), so a job naming an ungranted one is refused as the grant refuses it.</param>
/// <param name="Subject">The dataset's subject column (evidence counts subjects by it), when granted and not redacted.</param>
/// <param name="UniqueSubject">True when the dummy table holds each subject once, as the grant's table does.</param>
/// <param name="Columns">The granted columns, as the grant's masked table has them.</param>
public sealed record DummyTable(string Name, long Rows, string? Subject, bool UniqueSubject, IReadOnlyList<string> Schema, IReadOnlyList<DummyColumn> Columns);
