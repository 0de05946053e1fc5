using System.Globalization;
using System.Net;
using System.Text;

namespace Sandbox.Bench;

/// <summary>
/// Renders BenchmarkDotNet's results (<c>*-report-github.md</c>, written by every run) as one Markdown report with a
/// chart per benchmark class: each engine path's median as a ratio to its baseline measured in the same run (1.00),
/// so the README links figures that come from a run instead of typed-in ones.
/// Run: <c>dotnet run -c Release --project bench/Sandbox.Bench -- report [RESULTS_DIR] [OUT_DIR]</c>
/// (defaults: <c>BenchmarkDotNet.Artifacts/results</c>, <c>docs/bench</c>).
/// </summary>
internal static class BenchReport
{
    /// <summary>One row of a class's table: what ran, its median, its ratio to the baseline (null without one).</summary>
    internal sealed record Row(string Label, string Median, double? Ratio);

    /// <summary>One benchmark class's results: the machine it ran on and its rows.</summary>
    internal sealed record Result(string Name, IReadOnlyList<string> Environment, IReadOnlyList<Row> Rows);

    public static int Run(string resultsDirectory, string outputDirectory)
    {
        var files = Directory.Exists(resultsDirectory) ? Directory.GetFiles(resultsDirectory, "*-report-github.md").Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"{resultsDirectory}: no BenchmarkDotNet results (*-report-github.md); run the benchmarks first: dotnet run -c Release --project bench/Sandbox.Bench -- --filter '*'");
            return 2;
        }
        Directory.CreateDirectory(outputDirectory);
        var report = new StringBuilder()
            .AppendLine("# Benchmarks")
            .AppendLine()
            .AppendLine("Rendered by `dotnet run -c Release --project bench/Sandbox.Bench -- report` from BenchmarkDotNet's results; do not edit by hand.")
            .AppendLine("Every class measures our engine path beside its baseline in the same run (the same work done by DuckDB SQL, a bare")
            .AppendLine("`docker run`, a plain file read, or the same pipeline outside the sandbox). The ratio is BenchmarkDotNet's Ratio column:")
            .AppendLine("the mean, over the iterations, of the benchmark's time over its baseline's (a baseline itself is near 1.00, not exactly);")
            .AppendLine("the bars show it, the dashed line marks 1. The machine block under each class says how it was run (a ShortRun is 3")
            .AppendLine("iterations: read its ratios as rough).")
            .AppendLine();
        // Classes rendered before and not run this time keep their section (their chart stays beside it): a report of one
        // class's new run, or of a whole-process script's, replaces that class alone.
        var path = Path.Combine(outputDirectory, "README.md");
        var sections = File.Exists(path) ? Sections(File.ReadAllText(path)) : new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var result = Parse(file);
            if (result.Rows.Count == 0) continue;
            var chart = result.Name + ".png";
            Chart(result, Path.Combine(outputDirectory, chart));
            var section = new StringBuilder();
            section.AppendLine($"## {result.Name}").AppendLine()
                .AppendLine($"![{result.Name}: ratio to the baseline]({chart})").AppendLine()
                .AppendLine("| benchmark | median | ratio to the baseline |")
                .AppendLine("|---|---:|---:|");
            foreach (var row in result.Rows)
            {
                section.AppendLine($"| {row.Label.Replace("|", "\\|", StringComparison.Ordinal)} | {row.Median} | {(row.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "—")} |");
            }
            section.AppendLine().AppendLine("<details><summary>machine</summary>").AppendLine().AppendLine("```");
            foreach (var line in result.Environment) section.AppendLine(line);
            section.AppendLine("```").AppendLine().AppendLine("</details>").AppendLine();
            sections[result.Name] = section.ToString();
            Console.Out.WriteLine($"{result.Name}: {result.Rows.Count} rows");
        }
        foreach (var section in sections.Values) report.Append(section);
        File.WriteAllText(path + ".partial", report.ToString());
        File.Move(path + ".partial", path, overwrite: true);
        Console.Out.WriteLine($"wrote {path}");
        return 0;
    }

    /// <summary>The sections of a rendered report by class name (each from its <c>## NAME</c> line to the next), in name order.</summary>
    internal static SortedDictionary<string, string> Sections(string report)
    {
        var sections = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var parts = report.Split("\n## ");
        foreach (var part in parts.Skip(1))
        {
            var name = part[..part.IndexOf('\n', StringComparison.Ordinal)].Trim();
            sections[name] = "## " + part.TrimEnd('\n') + "\n\n";
        }
        return sections;
    }

    /// <summary>Reads one class's GitHub-flavoured report: the environment block and the table (the columns before Mean name a row).</summary>
    internal static Result Parse(string file)
    {
        var name = Path.GetFileName(file).Replace("-report-github.md", "", StringComparison.Ordinal).Replace("Sandbox.Bench.", "", StringComparison.Ordinal);
        var lines = File.ReadAllLines(file);
        var environment = lines.SkipWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).Skip(1).TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal))
            .Where(l => l.Trim().Length > 0).ToList();
        var table = lines.Where(l => l.StartsWith('|')).ToList();
        if (table.Count < 3) return new Result(name, environment, []);
        var header = Cells(table[0]);
        int mean = header.IndexOf("Mean"), median = header.IndexOf("Median"), ratio = header.IndexOf("Ratio");
        if (mean < 1) return new Result(name, environment, []);
        var rows = new List<Row>();
        foreach (var line in table.Skip(2))
        {
            var cells = Cells(line);
            // BenchmarkDotNet separates parameter groups with an empty row.
            if (cells.Count != header.Count || cells[0].Length == 0) continue;
            var label = string.Join(", ", cells.Take(mean).Select((c, i) => i == 0 ? c.Trim('\'') : $"{header[i]}={c}").Where(c => c.Length > 0));
            var ratioValue = ratio >= 0 && double.TryParse(cells[ratio], NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : (double?)null;
            rows.Add(new Row(label, median >= 0 ? cells[median] : cells[mean], ratioValue));
        }
        return new Result(name, environment, rows);
    }

    private static List<string> Cells(string line) =>
        [.. line.Trim().Trim('|').Split('|').Select(c => WebUtility.HtmlDecode(c.Trim()).Replace("**", "", StringComparison.Ordinal))];

    private static void Chart(Result result, string path)
    {
        var plot = new ScottPlot.Plot();
        var rows = result.Rows.Where(r => r.Ratio is not null).ToList();
        var bars = rows.Select((r, i) => new ScottPlot.Bar { Position = rows.Count - i, Value = r.Ratio!.Value, FillColor = ScottPlot.Colors.SteelBlue }).ToList();
        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        var baseline = plot.Add.VerticalLine(1);
        baseline.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. rows.Select((_, i) => (double)(rows.Count - i))], [.. rows.Select(r => Shorten(r.Label))]);
        plot.Axes.Bottom.Label.Text = "time / the baseline's time (BenchmarkDotNet's Ratio)";
        plot.Axes.Margins(left: 0);
        plot.Title(result.Name);
        plot.SavePng(path, 1000, 120 + (36 * Math.Max(rows.Count, 1)));
    }

    private static string Shorten(string label) => label.Length <= 60 ? label : label[..57] + "...";
}
