namespace Sandbox.Policy.Visibility;

/// <summary>The DuckDB functions the column rules treat specially; every other function passes its inputs through.</summary>
internal static class SqlFunctions
{
    /// <summary>Aggregates that summarize their input: an aggregate-only column may appear inside these.</summary>
    public static readonly HashSet<string> Summarizing = new(StringComparer.OrdinalIgnoreCase)
    {
        "count", "count_star", "sum", "avg", "mean", "min", "max", "fsum", "favg", "sumkahan", "kahan_sum", "sum_no_overflow",
    };

    /// <summary>
    /// Aggregates that return input values themselves (or a list of them): they reveal what they read,
    /// so they pass values through. Listed only to recognise aggregating select items for GROUP BY ALL.
    /// </summary>
    public static readonly HashSet<string> Revealing = new(StringComparer.OrdinalIgnoreCase)
    {
        "first", "last", "any_value", "arbitrary", "list", "array_agg", "string_agg", "group_concat", "listagg",
        "arg_min", "arg_max", "argmin", "argmax", "min_by", "max_by", "mode", "median", "quantile", "quantile_cont",
        "quantile_disc", "approx_quantile", "histogram", "stddev", "stddev_pop", "stddev_samp", "var_pop", "var_samp",
        "variance", "entropy", "bit_and", "bit_or", "bit_xor", "bool_and", "bool_or", "product", "approx_count_distinct",
    };

    /// <summary>Functions that only test their input (LIKE and friends): the result is a truth value.</summary>
    public static readonly HashSet<string> Testing = new(StringComparer.OrdinalIgnoreCase)
    {
        "~~", "!~~", "~~~", "!~~~", "~~*", "!~~*", "like_escape", "not_like_escape", "ilike_escape", "not_ilike_escape",
        "regexp_matches", "regexp_full_match", "starts_with", "ends_with", "prefix", "suffix", "contains", "glob",
    };

    public static bool IsAggregate(string name) => Summarizing.Contains(name) || Revealing.Contains(name);
}
