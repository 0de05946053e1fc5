using System.Collections.Frozen;

namespace Sandbox.Policy.Visibility;

/// <summary>
/// The DuckDB functions the column rules know, each with how it carries its inputs' values to its result. The list
/// is an allow-list: a function not named here is refused with its name, because an unknown function may reveal
/// (<c>stats</c>), repeat rows (<c>unnest</c>), read state (<c>getvariable</c>) or raise its input in an error.
/// </summary>
internal static class SqlFunctions
{
    private static readonly FrozenDictionary<string, FunctionKind> Kinds = Build();

    /// <summary>How <paramref name="name"/> carries its inputs; null when it is not modelled (and so refused).</summary>
    public static FunctionKind? KindOf(string name) => Kinds.TryGetValue(name, out var kind) ? kind : null;

    /// <summary>Every modelled function, for the decision table and its tests.</summary>
    public static IReadOnlyDictionary<string, FunctionKind> All => Kinds;

    /// <summary>
    /// Functions SQL writes without parentheses, which DuckDB's parser leaves as column names: a column of that name
    /// wins, else they are constants of the query.
    /// </summary>
    public static bool IsKeywordFunction(string name) => KeywordFunctions.Contains(name);

    private static readonly FrozenSet<string> KeywordFunctions = new[]
    {
        "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool IsAggregate(string name) => KindOf(name) is FunctionKind.Summarizing or FunctionKind.Revealing;

    private static FrozenDictionary<string, FunctionKind> Build()
    {
        var kinds = new Dictionary<string, FunctionKind>(StringComparer.OrdinalIgnoreCase);
        void Add(FunctionKind kind, string names)
        {
            foreach (var name in names.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                kinds.Add(name, kind);
            }
        }

        // Aggregates that summarize many values into one: an aggregate-only column may appear inside these, with one argument.
        Add(FunctionKind.Summarizing, "count count_star sum avg mean min max fsum favg sumkahan kahan_sum sum_no_overflow");

        // Aggregates that return input values themselves, a list of them, or a statistic one row can dominate.
        Add(FunctionKind.Revealing, """
            first last any_value arbitrary list array_agg string_agg group_concat listagg arg_min arg_max argmin argmax
            min_by max_by arg_min_null arg_max_null mode median quantile quantile_cont quantile_disc approx_quantile
            reservoir_quantile mad histogram histogram_exact stddev stddev_pop stddev_samp var_pop var_samp variance entropy
            bit_and bit_or bit_xor bool_and bool_or product approx_count_distinct count_if countif corr covar_pop covar_samp
            kurtosis kurtosis_pop skewness sem regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope regr_sxx
            regr_sxy regr_syy geomean
            """);

        // Functions whose result is only whether a test on their input holds.
        Add(FunctionKind.Testing, """
            ~~ !~~ ~~~ !~~~ ~~* !~~* like_escape not_like_escape ilike_escape not_ilike_escape regexp_matches
            regexp_full_match starts_with ends_with prefix suffix contains glob isnan isinf isfinite
            """);

        // Functions that take a lambda over list elements.
        Add(FunctionKind.Lambda, """
            list_transform array_transform apply list_apply array_apply list_filter array_filter filter list_reduce
            array_reduce reduce
            """);

        // Functions that repeat rows by their input: refused over a constrained column.
        Add(FunctionKind.RowMultiplying, "unnest unlist");

        // Functions whose value differs row by row whatever the input: a per-row key.
        Add(FunctionKind.PerRow, "random uuid gen_random_uuid uuidv4 uuidv7");

        // Scalar functions and operators: the result is computed from the inputs' values and may reveal them.
        Add(FunctionKind.Scalar, """
            + - * / // % ** ^ & | << >> ~ ! || @ ->> -> add subtract multiply divide fdiv fmod mod xor
            abs acos acosh asin asinh atan atan2 atanh cbrt ceil ceiling cos cosh cot degrees radians even exp factorial
            floor gamma lgamma gcd lcm greatest least ln log log10 log2 nextafter pi pow power round roundbankers sign
            signbit sin sinh sqrt tan tanh trunc bit_count
            ascii chr concat concat_ws format printf instr left right len length strlen lower lcase upper ucase lpad rpad
            ltrim rtrim trim md5 sha1 sha256 hash position strpos replace reverse repeat split_part string_split str_split
            string_split_regex regexp_replace regexp_extract regexp_extract_all substr substring translate unicode ord
            levenshtein editdist3 hamming jaccard jaro_similarity jaro_winkler_similarity damerau_levenshtein mismatches
            base64 to_base64 from_base64 hex unhex bin unbin encode decode bar nullif ifnull coalesce if typeof
            array_length array_extract array_slice list_extract list_element list_value list_pack array_value
            list_concat list_cat array_concat array_cat list_contains array_contains list_has list_position list_indexof
            array_position list_distinct array_distinct list_unique list_sort array_sort list_reverse_sort list_slice
            list_sum list_min list_max list_avg list_count list_aggregate flatten cardinality range generate_series
            struct_pack row struct_extract struct_insert map map_extract element_at map_keys map_values
            to_json json json_extract json_extract_string json_extract_path json_extract_path_text json_object
            json_array json_valid json_type json_array_length json_keys
            year month day hour minute second millisecond microsecond nanosecond quarter week weekday weekofyear
            dayofweek dayofmonth dayofyear isodow isoyear yearweek decade century millennium era epoch epoch_ms
            epoch_us epoch_ns julian dayname monthname last_day date_part datepart date_trunc datetrunc date_diff
            datediff date_sub datesub date_add age make_date make_time make_timestamp strftime strptime try_strptime
            to_timestamp to_days to_hours to_minutes to_seconds to_months to_years to_weeks to_milliseconds
            to_microseconds time_bucket current_date today now current_timestamp get_current_timestamp
            get_current_time current_time transaction_timestamp
            formatreadablesize formatreadabledecimalsize format_bytes
            """);

        // error(x) raises x: its argument is a value like any other, and a job's reason never shows a runtime error's
        // message (Sandbox.Runner.Sql.QueryErrors names its kind only), so the channel carries nothing.
        Add(FunctionKind.Scalar, "error");

        return kinds.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
