namespace Sandbox.Export.Checks;

/// <summary>A cell of another export: the other half of a differencing pair.</summary>
/// <param name="Export">The export's id.</param>
/// <param name="Row">The 1-based data row.</param>
/// <param name="Column">The column's label.</param>
public sealed record CellReference(string Export, int Row, string Column);
