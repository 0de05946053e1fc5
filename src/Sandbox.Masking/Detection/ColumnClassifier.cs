namespace Sandbox.Masking.Detection;

/// <summary>Combines a column's header and a sample of its values into a classification.</summary>
public static class ColumnClassifier
{
    /// <summary>Classifies one column from its name and a sample of its values (nulls allowed).</summary>
    public static ColumnClassification Classify(string name, IReadOnlyList<string?> sample) => throw new NotImplementedException();
}
