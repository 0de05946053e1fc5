namespace Sandbox.Host.Store;

/// <summary>
/// The subject-set fingerprint of one published cell of an export request, kept per grant so later outputs can be
/// checked against it. Holds no value and no subject (see <see cref="Sandbox.Policy.Queries.Evidence.SubjectSketch"/>).
/// </summary>
/// <param name="ExportId">The export the cell belongs to.</param>
/// <param name="Row">The 1-based data row.</param>
/// <param name="Column">The column's label (its header, or <c>#n</c> when the header is sensitive).</param>
/// <param name="Subject">The subject column counted (<c>table.column</c>): only sets of one subject table compare.</param>
/// <param name="Subjects">How many subjects the cell counts.</param>
/// <param name="Sketch">The sketch's bytes.</param>
internal sealed record CellFingerprint(string ExportId, int Row, string Column, string Subject, long Subjects, byte[] Sketch);
