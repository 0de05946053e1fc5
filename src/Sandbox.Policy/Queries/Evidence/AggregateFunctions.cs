using System.Collections.Frozen;

namespace Sandbox.Policy.Queries.Evidence;

/// <summary>DuckDB's aggregate functions by name, so a select item can be told apart from a grouping value.</summary>
/// <remarks>
/// A name missing here makes its item look like a dimension; its output rows then find no evidence and go to
/// review, so an incomplete list costs a review, never a silent pass.
/// </remarks>
internal static class AggregateFunctions
{
    public static FrozenSet<string> Names { get; } = new[]
    {
        "count", "count_star", "sum", "sum_no_overflow", "fsum", "sumkahan", "kahan_sum", "avg", "mean", "favg",
        "min", "max", "median", "mode", "quantile", "quantile_cont", "quantile_disc", "approx_quantile", "mad",
        "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "string_agg", "group_concat",
        "listagg", "list", "array_agg", "first", "last", "any_value", "arbitrary", "arg_min", "arg_max", "argmin",
        "argmax", "min_by", "max_by", "bool_and", "bool_or", "bit_and", "bit_or", "bit_xor", "product",
        "approx_count_distinct", "entropy", "kurtosis", "kurtosis_pop", "skewness", "corr", "covar_pop",
        "covar_samp", "regr_avgx", "regr_avgy", "regr_count", "regr_intercept", "regr_r2", "regr_slope",
        "regr_sxx", "regr_sxy", "regr_syy", "histogram", "geomean", "geometric_mean", "weighted_avg", "wavg",
        "reservoir_quantile", "bitstring_agg", "count_if", "countif", "sem",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
