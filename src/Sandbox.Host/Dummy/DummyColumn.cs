namespace Sandbox.Host.Dummy;

/// <summary>One granted column.</summary>
/// <param name="Name">The column.</param>
/// <param name="Type">The DuckDB type of the grant's masked column (what a job sees).</param>
/// <param name="Level">Its classification level (1–4).</param>
/// <param name="Constraint">The column's SQL rule under the grant (plain, masked, aggregate-only …).</param>
/// <param name="Masking">The masking technique the grant's data has, whose format the dummy values take.</param>
/// <param name="Consent">True when the grant records consent for the column.</param>
/// <param name="NeedsConsent">True when the column holds personal information or a trade secret.</param>
/// <param name="Generated">How the values were made: <c>categories</c> (shares of values held by at least the threshold's subjects), <c>range</c>, <c>token</c>, <c>masked</c>, <c>text</c> or <c>null</c>.</param>
public sealed record DummyColumn(string Name, string Type, int Level, string Constraint, string Masking, bool Consent, bool NeedsConsent, string Generated);
