using Sandbox.Masking.Techniques;

namespace Sandbox.Host.Dummy;

/// <summary>
/// What the dummy values of one column are drawn from: only aggregates that rest on at least the export threshold's
/// subjects, each rounded, so none is a value of a single row. It never leaves the host; only the values drawn from it do.
/// </summary>
/// <param name="Name">The column.</param>
/// <param name="Type">Its DuckDB type in the grant's masked table.</param>
/// <param name="Entity">What the classifier found in it (<c>cn_mobile</c> …), or null.</param>
/// <param name="Rule">The grant's masking rule for it: the format of the values.</param>
/// <param name="Kind">How values are generated: categories, range, token, masked, text or null.</param>
/// <param name="NullShare">The share of NULLs, rounded to 5 points; 0 when fewer than the threshold's rows are NULL.</param>
/// <param name="Categories">For <c>categories</c>: values held by at least the threshold's subjects, with rounded shares.</param>
/// <param name="Quantiles">For <c>range</c>: coarse quantiles (probability, value rounded to two significant digits); never a minimum or maximum.</param>
/// <param name="IsSubject">True for the table's subject column: every row gets a value of its own.</param>
internal sealed record ColumnProfile(
    string Name,
    string Type,
    string? Entity,
    MaskingRule Rule,
    string Kind,
    double NullShare,
    IReadOnlyList<(string Value, double Share)> Categories,
    IReadOnlyList<(double P, double Value)> Quantiles,
    bool IsSubject)
{
    public const string KindCategories = "categories";
    public const string KindRange = "range";
    public const string KindToken = "token";
    public const string KindMasked = "masked";
    public const string KindText = "text";
    public const string KindNull = "null";

    /// <summary>True for DuckDB's number types.</summary>
    public bool IsNumeric => NumericType(Type);

    /// <summary>True for DuckDB's date and timestamp types.</summary>
    public bool IsTemporal => Type.StartsWith("DATE", StringComparison.Ordinal) || Type.StartsWith("TIMESTAMP", StringComparison.Ordinal);

    /// <summary>True for DuckDB's integer types (a dummy value is then a whole number).</summary>
    public bool IsInteger => Type is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" or "UHUGEINT";

    public static bool NumericType(string type) =>
        type is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" or "UHUGEINT"
            or "FLOAT" or "DOUBLE" || type.StartsWith("DECIMAL", StringComparison.Ordinal);
}
