using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Sandbox.Contracts.Evidence;
using Sandbox.Export.Checks;
using Sandbox.Export.Evidence;

namespace Sandbox.Bench;

/// <summary>
/// The export gate on a 5,000-row output (the row limit) with evidence: every rule, against reading and parsing the
/// same CSV alone (the baseline). The ratio is the price of the rules over the unavoidable read.
/// </summary>
[MemoryDiagnoser]
public class ExportCheckBenchmarks
{
    private string _directory = "";
    private string _path = "";
    private CheckOptions _options = new();

    [Params(5000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("export-bench-").FullName;
        _path = Path.Combine(_directory, "by_district_industry.csv");
        var csv = new StringBuilder("district,industry,enterprises,capital\n");
        var rows = new List<EvidenceRow>(Rows);
        var random = new Random(42);
        for (int i = 0; i < Rows; i++)
        {
            // Synthetic groups: Chinese district labels, an industry code, counts and sums well above the limits.
            string district = $"区{i / 50:D3}";
            string industry = $"行业{i % 50:D2}";
            long subjects = 20 + random.Next(200);
            double total = subjects * (1000 + random.Next(1000));
            csv.Append(CultureInfo.InvariantCulture, $"{district},{industry},{subjects},{total}\n");
            rows.Add(new EvidenceRow([district, industry], subjects, [new Contributions(total / subjects * 2, total / subjects * 1.5, total, 1)]));
        }

        File.WriteAllText(_path, csv.ToString());
        _options = new CheckOptions
        {
            Evidence = OutputEvidence.Of("enterprise_registry.uscc",
                [EvidenceRole.Dimension, EvidenceRole.Dimension, EvidenceRole.Count, EvidenceRole.Sum], rows),
            SubjectColumns = ["uscc"],
        };
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "read the CSV alone")]
    public int ReadOnly() => OutputTable.ReadCsv(_path).Rows.Count;

    [Benchmark(Description = "every check, with evidence")]
    public CheckStatus CheckWithEvidence() => DisclosureChecker.Check(_path, _options).Verdict;
}
