namespace Sandbox.Masking.Detection;

/// <summary>What a column holds: entity (null when nothing sensitive), confidence in [0,1], level 1–4.</summary>
public sealed record ColumnClassification(string Name, string? Entity, double Confidence, int Level);
