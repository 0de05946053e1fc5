namespace Sandbox.Runner.Ml;

/// <summary>
/// What the model checks need to know of one feature, measured on the training rows: its kind, how many distinct
/// values it has, and whether it looks like a subject identifier or a keyed token. Never holds a value.
/// </summary>
/// <param name="Name">The column's name in the training query.</param>
/// <param name="Kind">numeric or categorical.</param>
/// <param name="Distinct">Distinct values among the training rows.</param>
/// <param name="TokenLike">True when a value has the shape of a keyed token (<c>tk_</c> and 20 base32 characters).</param>
/// <param name="SubjectColumn">True when the column bears the name of a staged table's subject column.</param>
public sealed record TrainingColumn(string Name, string Kind, long Distinct, bool TokenLike, bool SubjectColumn);
