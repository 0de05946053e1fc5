using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Sandbox.Contracts.Evidence;
using Sandbox.Export.Checks;
using Sandbox.Export.Evidence;

namespace Sandbox.Bench;

/// <summary>
/// The export gate of issue 12 (masked shapes, token cuts, one-value-per-subject columns, total lines) on the two
/// outputs that bound it: a 5,000-row aggregate with evidence, and a 1,000,000-row listing of masked names, mobiles
/// and birth years with listing evidence (read whatever its size, to price the cell rules). Each beside reading and
/// parsing the same CSV alone, the baseline: report the ratio of medians.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ExportGateBenchmarks
{
    private string _directory = "";
    private string _path = "";
    private CheckOptions _options = new();

    [Params("aggregate-5000", "listing-1000000")]
    public string Output { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("export-gate-bench-").FullName;
        _path = Path.Combine(_directory, Output + ".csv");
        _options = Output.StartsWith("listing", StringComparison.Ordinal) ? WriteListing(1_000_000) : WriteAggregate(5000);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "read the CSV alone")]
    public int ReadOnly() => OutputTable.ReadCsv(_path).Rows.Count;

    [Benchmark(Description = "every check, with evidence")]
    public CheckStatus CheckWithEvidence() => DisclosureChecker.Check(_path, _options).Verdict;

    private CheckOptions WriteAggregate(int rows)
    {
        var csv = new StringBuilder("district,industry,enterprises,capital\n");
        var evidence = new List<EvidenceRow>(rows);
        var random = new Random(42);
        for (int i = 0; i < rows; i++)
        {
            string district = $"区{i / 50:D3}";
            string industry = $"行业{i % 50:D2}";
            long subjects = 20 + random.Next(200);
            double total = subjects * (1000 + random.Next(1000));
            csv.Append(CultureInfo.InvariantCulture, $"{district},{industry},{subjects},{total}\n");
            evidence.Add(new EvidenceRow([district, industry], subjects, [new Contributions(total / subjects * 2, total / subjects * 1.5, total, 1)]));
        }

        File.WriteAllText(_path, csv.ToString());
        return new CheckOptions
        {
            Evidence = OutputEvidence.Of("enterprise_registry.uscc", [EvidenceRole.Dimension, EvidenceRole.Dimension, EvidenceRole.Count, EvidenceRole.Sum], evidence),
            SubjectColumns = ["uscc"],
        };
    }

    private CheckOptions WriteListing(int rows)
    {
        string[] surnames = ["王", "李", "张", "刘", "陈", "欧阳", "司马", "周"];
        using (var writer = new StreamWriter(_path, false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            writer.WriteLine("name,mobile,district,birth_date");
            var random = new Random(7);
            for (int i = 0; i < rows; i++)
            {
                // As the masking leaves them: the surname, keep-first-3-last-4, a district, the birth year.
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{surnames[i % surnames.Length]}*,13{random.Next(10)}****{random.Next(10000):D4},区{random.Next(11):D2},{1950 + random.Next(55)}"));
            }
        }

        return new CheckOptions
        {
            Evidence = OutputEvidence.ListingOf("residents.resident_id", 4),
            SubjectColumns = ["resident_id"],
            MaxBytes = long.MaxValue,
            MaxRows = int.MaxValue,
        };
    }
}
