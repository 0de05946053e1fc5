using System.Globalization;
using Sandbox.Documents;
using Sandbox.Policy.Access;

namespace Sandbox.Policy.Jobs;

/// <summary>
/// The platform's maxima for the limits a job file may set (issue 11): an operator cannot give a job a terabyte of
/// memory or a week of time. A policy document (<c>platform-limits.yaml</c>) names the maxima and whether a limit above
/// one is clamped to it or refused; this host's built-in document refuses.
/// </summary>
/// <param name="Maxima">The largest time, memory, CPUs, processes and output a job may have.</param>
/// <param name="ClampAboveMaximum">True to lower a limit above its maximum to the maximum; false to refuse the job.</param>
public sealed record PlatformLimits(JobLimits Maxima, bool ClampAboveMaximum)
{
    /// <summary>The document built into this host.</summary>
    public const string BuiltInDocument = """
        # The platform's caps on job limits: a job file may ask for less, never for more.
        maxima:
          timeout: 1h
          memory: 8GiB
          cpus: 4
          pids: 1024
          output: 1GiB
        above-maximum: refuse
        """;

    /// <summary>The caps of <see cref="BuiltInDocument"/>.</summary>
    public static PlatformLimits BuiltIn { get; } = Parse("platform-limits.yaml", BuiltInDocument);

    /// <summary>Parses a platform-limits document; bad input throws <see cref="PolicyDocumentException"/> naming the line.</summary>
    public static PlatformLimits Parse(string file, string yaml)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(yaml);
        var (doc, errors) = DocumentParser.OpenRoot(file, yaml, "maxima", "above-maximum");
        var maxima = doc.Reader("maxima", required: true, "timeout", "memory", "cpus", "pids", "output");
        var above = doc.String("above-maximum", required: true);
        if (above is not null and not ("clamp" or "refuse"))
        {
            errors.Add(doc.Value("above-maximum", false)!, "above-maximum", $"expected clamp or refuse, found '{above}'");
        }

        TimeSpan? timeout = null;
        long? memory = null, output = null;
        double? cpus = null;
        int? pids = null;
        if (maxima is not null)
        {
            timeout = Read(maxima, "timeout", (string t, out TimeSpan v) => LimitSyntax.TryParseDuration(t, out v), "a duration such as 1h");
            memory = Read(maxima, "memory", (string t, out long v) => LimitSyntax.TryParseSize(t, out v), "a size such as 8GiB");
            output = Read(maxima, "output", (string t, out long v) => LimitSyntax.TryParseSize(t, out v), "a size such as 1GiB");
            cpus = Read(maxima, "cpus", (string t, out double v) => double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out v) && v > 0, "a positive number of CPUs");
            pids = Read(maxima, "pids", (string t, out int v) => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out v) && v > 0, "a positive whole number of processes");
        }

        errors.ThrowIfAny();
        return new PlatformLimits(new JobLimits(timeout!.Value, memory!.Value, cpus!.Value, pids!.Value, output!.Value), above == "clamp");
    }

    /// <summary>
    /// The limits a job gets: <paramref name="requested"/>, each at most its maximum. Above one, the decision refuses
    /// naming the field, the request and the maximum — or, when the document clamps, allows the maximum instead.
    /// </summary>
    public (Decision Decision, JobLimits Limits) Apply(JobLimits requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var excess = new List<string>();
        T Cap<T>(string field, T value, T maximum, Func<T, string> show)
            where T : IComparable<T>
        {
            if (value.CompareTo(maximum) <= 0)
            {
                return value;
            }

            excess.Add($"limits.{field}: {show(value)} is above the platform's maximum of {show(maximum)}");
            return maximum;
        }

        var limits = new JobLimits(
            Cap("timeout", requested.Timeout, Maxima.Timeout, t => t.ToString("c", CultureInfo.InvariantCulture)),
            Cap("memory", requested.MemoryBytes, Maxima.MemoryBytes, Size),
            Cap("cpus", requested.Cpus, Maxima.Cpus, c => c.ToString(CultureInfo.InvariantCulture)),
            Cap("pids", requested.Pids, Maxima.Pids, p => p.ToString(CultureInfo.InvariantCulture)),
            Cap("output", requested.OutputBytes, Maxima.OutputBytes, Size));
        if (excess.Count == 0)
        {
            return (Decision.Allow, requested);
        }

        return ClampAboveMaximum ? (Decision.Allow, limits) : (Decision.Deny([.. excess]), requested);
    }

    private delegate bool TryParse<T>(string text, out T value);

    private static T? Read<T>(MappingReader maxima, string key, TryParse<T> parse, string expected)
        where T : struct
    {
        if (maxima.String(key, required: true) is not { } text)
        {
            return null;
        }

        if (parse(text, out var value))
        {
            return value;
        }

        maxima.Errors.Add(maxima.Value(key, false)!, maxima.PathOf(key), $"expected {expected}, found '{text}'");
        return null;
    }

    private static string Size(long bytes) => bytes % (1L << 30) == 0
        ? $"{bytes >> 30}GiB"
        : bytes % (1L << 20) == 0 ? $"{bytes >> 20}MiB" : $"{bytes} bytes";
}
