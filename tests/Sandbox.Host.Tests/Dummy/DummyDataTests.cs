using System.Globalization;
using System.Text.Json;

namespace Sandbox.Host.Tests.Dummy;

/// <summary>
/// `sandbox dummy GRANT --out DIR` and `sandbox job run --dummy DIR JOB.yaml` through the real CLI: the round trip, the
/// scan of every dummy value against every raw value, rare categories, who may, and bad arguments.
/// </summary>
public sealed class DummyDataTests(DummyCity city) : IClassFixture<DummyCity>
{
    private static readonly string[] Tables = ["enterprise_registry", "residents"];

    // A job an operator would develop offline: a grouped count, an average of a number, dates, a join on tokens, a
    // listing of masked values (allowed by the grant's rules; the export gate would keep it in).
    private static readonly string[] DevelopedJob =
    [
        "by_district: select district, gender, count(*) as residents from residents group by district, gender",
        "capital: select industry, count(*) as n, avg(registered_capital) as capital, min(established) as first from enterprise_registry group by industry",
        "reps: select r.district, count(*) as n from enterprise_registry e join residents r on e.legal_rep_id = r.resident_id group by r.district",
        "births: select birth_date, count(*) as n from residents group by birth_date",
        "listing: select legal_rep_mobile, legal_rep_id from enterprise_registry limit 5",
    ];

    [Fact]
    public void Generate_WritesEveryGrantedTableAndAManifestThatSaysItIsDummy()
    {
        Assert.Contains("not the grant's data", city.GenerateOutput);
        Assert.Contains("This is dummy data", city.Manifest.GetProperty("statement").GetString());
        Assert.Equal("nj-credit-2026", city.Manifest.GetProperty("grant").GetString());
        Assert.Equal(18, city.Manifest.GetProperty("seed").GetInt32());
        var tables = city.Manifest.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(Tables, tables.Keys.Order());
        // Granted columns only, in the grant's order; a column the grant does not include (residents.name) is absent.
        Assert.Equal(["resident_id", "district", "birth_date", "gender"], tables["residents"].GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var columns = DummyCity.Query($"SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet({DummyCity.Literal(Path.Combine(city.Directory, "residents.parquet"))}))").Select(r => r[0]).ToList();
        Assert.Equal(["resident_id", "district", "birth_date", "gender"], columns);
        // Rows rounded to two significant digits: 200 and 600 are already.
        Assert.Equal(200, tables["enterprise_registry"].GetProperty("rows").GetInt64());
        Assert.Equal(600, tables["residents"].GetProperty("rows").GetInt64());
        // Formats: keyed-token shape, 139****6493-shaped mobiles.
        var listing = DummyCity.Query($"SELECT legal_rep_id, legal_rep_mobile FROM read_parquet({DummyCity.Literal(Path.Combine(city.Directory, "enterprise_registry.parquet"))})");
        Assert.All(listing, r => Assert.Matches("^tk_[a-z2-7]{20}$", r[0]!));
        Assert.All(listing, r => Assert.Matches(@"^1\d\d\*{4}\d{4}$", r[1]!));
        // Never inside the home.
        Assert.DoesNotContain(Path.GetFullPath(city.Home.Root), Path.GetFullPath(city.Directory));
        Assert.Contains("dummy.generate", city.Home.Ok("--as", "city-auditor", "audit", "show", "--json"));
    }

    [Fact]
    public void RoundTrip_JobDevelopedOnDummyData_RunsUnchangedOnTheGrant()
    {
        var job = city.Home.Job("nj-credit-2026", DevelopedJob);
        var outputs = Path.Combine(Path.GetTempPath(), "sandbox-dummy-run-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (code, stdout, stderr) = city.Home.Run("job", "run", "--dummy", city.Directory, job, "--out", outputs);
            Assert.True(code == 0, stdout + stderr);
            Assert.StartsWith("DUMMY DATA", stdout);
            Assert.True(File.Exists(Path.Combine(outputs, "DUMMY.txt")));

            var real = JsonDocument.Parse(city.Home.Ok("job", "run", "--wait", job, "--json")).RootElement;
            Assert.Equal("succeeded", real.GetProperty("state").GetString());
            foreach (var output in real.GetProperty("outputs").EnumerateArray())
            {
                var name = output.GetProperty("name").GetString()!;
                var dummy = File.ReadLines(Path.Combine(outputs, name + ".csv")).First();
                // The same columns, in the same order: the file the operator wrote against dummy data needs no change.
                Assert.Equal(File.ReadLines(output.GetProperty("path").GetString()!).First(), dummy);
                Assert.True(File.ReadLines(Path.Combine(outputs, name + ".csv")).Count() > 1, $"{name}: the dummy run produced no rows");
            }
        }
        finally
        {
            if (Directory.Exists(outputs)) Directory.Delete(outputs, recursive: true);
        }
    }

    [Fact]
    public void RoundTrip_MlJobOnDummyData_TrainsAndRunsUnchangedOnTheGrant()
    {
        var job = Path.Combine(city.Home.Root, "jobs", "ml-" + Guid.NewGuid().ToString("N")[..6] + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(job)!);
        File.WriteAllText(job, "grant: nj-credit-2026\nkind: ml\ntask: regression\nquery: select registered_capital, industry, district from enterprise_registry\n"
            + "label: registered_capital\nfeatures: [industry, district]\ntrainer: sdca\nlimits: { timeout: 60s }\n");
        var outputs = Path.Combine(Path.GetTempPath(), "sandbox-dummy-ml-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var dummy = JsonDocument.Parse(city.Home.Ok("job", "run", "--dummy", city.Directory, job, "--out", outputs, "--json")).RootElement;
            Assert.True(dummy.GetProperty("dummy").GetBoolean());
            Assert.Equal("succeeded", dummy.GetProperty("state").GetString());
            Assert.True(File.Exists(Path.Combine(outputs, "model.zip")));
            var real = JsonDocument.Parse(city.Home.Ok("job", "run", "--wait", job, "--json")).RootElement;
            Assert.Equal("succeeded", real.GetProperty("state").GetString());
            Assert.Equal(
                real.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()).Order(),
                dummy.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()).Order());
        }
        finally
        {
            if (Directory.Exists(outputs)) Directory.Delete(outputs, recursive: true);
        }
    }

    [Fact]
    public async Task RunOnDummy_RecordsNothingAndNeedsNoHome()
    {
        var before = city.Home.Ok("--as", "city-auditor", "audit", "show", "--json");
        var jobs = city.Home.Ok("--as", "city-auditor", "job", "list", "--json");
        var job = city.Home.Job("nj-credit-2026", "n: select count(*) as n from residents");
        city.Home.Ok("job", "run", "--dummy", city.Directory, job);
        // A refused one neither: no job.refuse, so no refusal-burst alert for a newcomer learning the column rules.
        Assert.Equal(1, city.Home.Run("job", "run", "--dummy", city.Directory, city.Home.Job("nj-credit-2026", "n: select mobile from residents")).Code);
        Assert.Equal(before, city.Home.Ok("--as", "city-auditor", "audit", "show", "--json"));
        Assert.Equal(jobs, city.Home.Ok("--as", "city-auditor", "job", "list", "--json"));

        // Offline: a home that does not exist is neither needed nor created.
        var nowhere = Path.Combine(Path.GetTempPath(), "sandbox-no-home-" + Guid.NewGuid().ToString("N")[..8]);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Sandbox.Host.Cli.SandboxCli.RunAsync(["job", "run", "--dummy", city.Directory, job, "--home", nowhere], output, error, TimeProvider.System);
        Assert.True(code == 0, error.ToString());
        Assert.False(Directory.Exists(nowhere));
    }

    [Fact]
    public void RunOnDummy_JobTheGrantRefuses_IsRefusedWithTheSameReasons()
    {
        var job = city.Home.Job("nj-credit-2026",
            "a: select name, mobile from residents",
            "b: select * from read_parquet('/etc/passwd')",
            "c: select gender, count(*) from residents r join harbor_secrets h using (x) group by gender");
        var (checkCode, check, _) = city.Home.Run("job", "check", job);
        var (code, dummy, _) = city.Home.Run("job", "run", "--dummy", city.Directory, job);
        Assert.Equal(1, checkCode);
        Assert.Equal(1, code);
        var reasons = check.Split('\n').Skip(1).Where(l => l.Length > 0).ToList();
        Assert.True(reasons.Count >= 4, check);
        Assert.Equal(reasons, dummy.Split('\n').Skip(1).Where(l => l.Length > 0).ToList());
    }

    /// <summary>
    /// Every value of every dummy Parquet file, against every value of the real dataset's raw columns (the provider's
    /// files). What may match, and why:
    /// - a value of a column drawn from <c>categories</c> that at least the threshold's subjects hold in the grant's masked
    ///   table (a district, an industry, a gender, a generalized birth year): looking real is their purpose, and each
    ///   rests on ≥ k subjects, as an exported cell must;
    /// - a date of a non-personal (level ≤ 2) column drawn from a <c>range</c> (the enterprise's founding day): days
    ///   between two rounded quantiles are few, so a real day is hit by chance, and the draw is uniform, so a hit says
    ///   nothing of any row (the same day may be some resident's birthday: also chance);
    /// Nothing else: no value of a personal column (level ≥ 3: resident IDs, names, mobiles, birth dates), no subject,
    /// no free text, no token, no masked value, and no number equals a real one.
    /// </summary>
    [Fact]
    public void Scan_NoDummyValueIsARealOne_ButCategoriesAboveTheThreshold()
    {
        var raw = new HashSet<string>(StringComparer.Ordinal);
        var personal = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<double>();
        foreach (var table in Tables)
        {
            var levels = JsonDocument.Parse(city.Home.Ok("dataset", "show", table, "--json")).RootElement.GetProperty("columns").EnumerateArray()
                .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("level").GetInt32());
            foreach (var (column, level) in levels)
            {
                foreach (var row in DummyCity.Query($"SELECT DISTINCT \"{column}\" FROM read_csv({DummyCity.Literal(city.RawFile(table))}, header = true, all_varchar = true) WHERE \"{column}\" IS NOT NULL"))
                {
                    raw.Add(row[0]!);
                    if (level >= 3) personal.Add(row[0]!);
                    if (double.TryParse(row[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) numbers.Add(n);
                }
            }
        }
        Assert.True(raw.Count > 2000 && personal.Count > 1500, $"{raw.Count} raw values, {personal.Count} personal");

        var (failures, checkedValues) = Scan(table => Path.Combine(city.Directory, table + ".parquet"), raw, personal, numbers);
        Assert.True(checkedValues > 3000, $"only {checkedValues} values checked");
        // The scan finds real values where there are some: the grant's own masked tables (uscc, names, dates) fail it.
        Assert.NotEmpty(Scan(city.MaskedFile, raw, personal, numbers).Failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));

        // Tokens are generated in the format, never the grant's own keyed tokens of real values.
        foreach (var table in city.Manifest.GetProperty("tables").EnumerateArray())
        {
            var name = table.GetProperty("name").GetString()!;
            foreach (var column in table.GetProperty("columns").EnumerateArray().Where(c => c.GetProperty("generated").GetString() == "token").Select(c => c.GetProperty("name").GetString()!))
            {
                var real = DummyCity.Query($"SELECT DISTINCT \"{column}\" FROM read_parquet({DummyCity.Literal(city.MaskedFile(name))})").Select(r => r[0]).ToHashSet();
                var dummy = DummyCity.Query($"SELECT DISTINCT \"{column}\" FROM read_parquet({DummyCity.Literal(Path.Combine(city.Directory, name + ".parquet"))})").Select(r => r[0]).ToList();
                Assert.True(real.Count > 100 && dummy.Count > 100, $"{name}.{column}: {real.Count} real, {dummy.Count} dummy tokens");
                Assert.All(dummy, token => Assert.DoesNotContain(token, real));
            }
        }
    }

    // Every value of every table of `fileOf` (Parquet, the dummy workspace's columns) against the real values.
    private (List<string> Failures, int Checked) Scan(Func<string, string> fileOf, HashSet<string> raw, HashSet<string> personal, HashSet<double> numbers)
    {
        var failures = new List<string>();
        var checkedValues = 0;
        foreach (var table in city.Manifest.GetProperty("tables").EnumerateArray())
        {
            var name = table.GetProperty("name").GetString()!;
            var subject = table.GetProperty("subject").GetString();
            foreach (var column in table.GetProperty("columns").EnumerateArray())
            {
                var (col, kind, level, type) = (column.GetProperty("name").GetString()!, column.GetProperty("generated").GetString()!, column.GetProperty("level").GetInt32(), column.GetProperty("type").GetString()!);
                var values = DummyCity.Query($"SELECT CAST(\"{col}\" AS VARCHAR) FROM read_parquet({DummyCity.Literal(fileOf(name))}) WHERE \"{col}\" IS NOT NULL");
                foreach (var value in values.Select(v => v[0]!))
                {
                    checkedValues++;
                    // A day drawn in a non-personal column may be anyone's birthday: that is the chance coincidence above.
                    var chanceDay = kind == "range" && level <= 2 && type == "DATE";
                    if (personal.Contains(value) && !chanceDay) failures.Add($"{name}.{col} ({kind}): '{value}' is a value of a personal column");
                    var isNumber = type is "DOUBLE" or "FLOAT" or "BIGINT" or "INTEGER" || type.StartsWith("DECIMAL", StringComparison.Ordinal);
                    if (isNumber && kind != "categories" && numbers.Contains(double.Parse(value, CultureInfo.InvariantCulture))) failures.Add($"{name}.{col}: {value} is a real number");
                    if (!raw.Contains(value)) continue;
                    var allowed = kind switch
                    {
                        "categories" => HeldBy(name, col, subject, value) >= city.Threshold,
                        "range" => chanceDay,
                        _ => false,
                    };
                    if (!allowed) failures.Add($"{name}.{col} ({kind}, level {level}): '{value}' is a real value");
                }
            }
        }
        return (failures, checkedValues);
    }

    [Fact]
    public void RareCategory_HeldByFewerThanTheThreshold_NeverAppears()
    {
        var industries = DummyCity.Query($"SELECT industry, count(DISTINCT uscc) FROM read_csv({DummyCity.Literal(city.RawFile("enterprise_registry"))}, header = true, all_varchar = true) GROUP BY industry")
            .ToDictionary(r => r[0]!, r => int.Parse(r[1]!, CultureInfo.InvariantCulture));
        var rare = industries.Where(i => i.Value < city.Threshold).Select(i => i.Key).ToList();
        var common = industries.Where(i => i.Value >= city.Threshold).Select(i => i.Key).ToList();
        Assert.True(rare.Count > 0, "the synthetic city has no rare industry: nothing to test");
        var dummy = DummyCity.Query($"SELECT DISTINCT industry FROM read_parquet({DummyCity.Literal(Path.Combine(city.Directory, "enterprise_registry.parquet"))})").Select(r => r[0]).ToHashSet();
        Assert.All(rare, r => Assert.DoesNotContain(r, dummy));
        Assert.All(common, c => Assert.Contains(c, dummy));

        // The same for generalized birth years: each one that shows is held by at least the threshold's residents.
        var years = DummyCity.Query($"SELECT DISTINCT birth_date FROM read_parquet({DummyCity.Literal(Path.Combine(city.Directory, "residents.parquet"))}) WHERE birth_date IS NOT NULL").Select(r => r[0]!).ToList();
        Assert.NotEmpty(years);
        Assert.All(years, y => Assert.True(HeldBy("residents", "birth_date", "resident_id", y) >= city.Threshold, $"birth year {y} is rare"));
    }

    [Fact]
    public void Generate_SameSeed_SameFiles_OtherSeed_OtherValues()
    {
        var again = Path.Combine(Path.GetTempPath(), "sandbox-dummy-" + Guid.NewGuid().ToString("N")[..12]);
        var other = Path.Combine(Path.GetTempPath(), "sandbox-dummy-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            city.Home.Ok("dummy", "nj-credit-2026", "--out", again);
            city.Home.Ok("dummy", "nj-credit-2026", "--out", other, "--seed", "7", "--rows", "50");
            foreach (var table in Tables)
            {
                Assert.Equal(Rows(city.Directory, table), Rows(again, table));
                Assert.NotEqual(Rows(city.Directory, table).Take(50), Rows(other, table));
                Assert.Equal(50, Rows(other, table).Count);
            }
        }
        finally
        {
            foreach (var d in new[] { again, other }) if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
        }
    }

    [Theory]
    [InlineData("harbor-analyst", 2, "no grant 'nj-credit-2026'")]
    [InlineData("bureau-officer", 1, "bureau-officer may not generate dummy data for this grant")]
    [InlineData("gov-reviewer", 1, "gov-reviewer may not generate dummy data for this grant")]
    [InlineData("admin", 1, "admin may not generate dummy data for this grant")]
    public void Generate_AnyoneButTheGrantsOperator_IsRefusedAndWritesNothing(string principal, int exit, string message)
    {
        var target = Path.Combine(Path.GetTempPath(), "sandbox-dummy-" + Guid.NewGuid().ToString("N")[..12]);
        var (code, _, error) = city.Home.Run("--as", principal, "dummy", "nj-credit-2026", "--out", target);
        Assert.Equal(exit, code);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void ColumnRules_FollowTheGrant_HiddenColumnsAbsent_RefusalsAlike()
    {
        // A second zijin grant: fewer enterprise columns, capital aggregate-only and district group-by-only.
        var grant = Path.Combine(city.Home.Root, "rules", "nj-credit-rules.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(grant)!);
        File.WriteAllText(grant, """
            id: nj-credit-rules
            operator: { id: zijin-credit, name: 紫金征信有限公司, foreign: false }
            zone: comprehensive
            scenario: SME credit evaluation
            period: { from: 2026-01-01, to: 2030-12-31 }
            agreement: { signed: 2025-12-20 }
            datasets:
              enterprise_registry:
                columns: [uscc, district, industry, registered_capital]
                constraints: { registered_capital: aggregate-only, district: group-by-only }
            """);
        city.Home.Ok("policy", "apply", grant);
        var directory = Path.Combine(Path.GetTempPath(), "sandbox-dummy-rules-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            city.Home.Ok("dummy", "nj-credit-rules", "--out", directory);
            var columns = DummyCity.Query($"SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet({DummyCity.Literal(Path.Combine(directory, "enterprise_registry.parquet"))}))").Select(r => r[0]).ToList();
            Assert.Equal(["uscc", "district", "industry", "registered_capital"], columns);

            var refused = city.Home.Job("nj-credit-rules",
                "a: select uscc, registered_capital from enterprise_registry",
                "b: select district from enterprise_registry",
                "c: select legal_rep_id from enterprise_registry");
            var (checkCode, check, _) = city.Home.Run("job", "check", refused);
            var (code, dummy, _) = city.Home.Run("job", "run", "--dummy", directory, refused);
            Assert.Equal((1, 1), (checkCode, code));
            var reasons = check.Split('\n').Skip(1).Where(l => l.Length > 0).ToList();
            Assert.Contains(reasons, r => r.Contains("aggregate-only", StringComparison.Ordinal));
            Assert.Contains(reasons, r => r.Contains("legal_rep_id is not granted", StringComparison.Ordinal));
            Assert.Equal(reasons, dummy.Split('\n').Skip(1).Where(l => l.Length > 0).ToList());

            var allowed = city.Home.Job("nj-credit-rules", "by_district: select district, avg(registered_capital) as capital, count(*) as n from enterprise_registry group by district");
            Assert.Equal(0, city.Home.Run("job", "run", "--dummy", directory, allowed).Code);
            Assert.Equal("succeeded", JsonDocument.Parse(city.Home.Ok("job", "run", "--wait", allowed, "--json")).RootElement.GetProperty("state").GetString());
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Generate_GrantNotActive_IsRefusedNamingItsState()
    {
        using var home = new TestHome().WithCity(enterprises: 30, residents: 30);
        home.Ok("--as", "bureau-officer", "grant", "suspend", "nj-credit-2026", "--reason", "monitoring");
        var target = Path.Combine(Path.GetTempPath(), "sandbox-dummy-" + Guid.NewGuid().ToString("N")[..12]);
        var (code, _, error) = home.Run("dummy", "nj-credit-2026", "--out", target);
        Assert.Equal(1, code);
        Assert.Contains("grant nj-credit-2026 is suspended", error);
        Assert.False(Directory.Exists(target));
        Assert.DoesNotContain("dummy.generate", home.Ok("--as", "city-auditor", "audit", "show", "--json"));
    }

    [Fact]
    public void BadArguments_ExitTwoWithOneLineNamingTheArgument()
    {
        var existing = Directory.CreateTempSubdirectory("sandbox-dummy-full-").FullName;
        File.WriteAllText(Path.Combine(existing, "x.txt"), "mine");
        var notDummy = Directory.CreateTempSubdirectory("sandbox-dummy-empty-").FullName;
        var job = city.Home.Job("nj-credit-2026", "n: select count(*) as n from residents");
        var otherGrant = city.Home.Job("nj-logistics-2027", "n: select count(*) as n from residents");
        // A hostile copy: the manifest, with residents.parquet a link to the grant's masked table in the home.
        var linked = Directory.CreateTempSubdirectory("sandbox-dummy-linked-").FullName;
        File.Copy(Path.Combine(city.Directory, "dummy.json"), Path.Combine(linked, "dummy.json"));
        File.Copy(Path.Combine(city.Directory, "enterprise_registry.parquet"), Path.Combine(linked, "enterprise_registry.parquet"));
        File.CreateSymbolicLink(Path.Combine(linked, "residents.parquet"), city.MaskedFile("residents"));
        var toHome = Path.Combine(Path.GetTempPath(), "sandbox-dummy-to-home-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateSymbolicLink(toHome, city.Home.Root);
        var inHome = Path.Combine(city.Home.Root, "dummy-copy");
        Directory.CreateDirectory(inHome);
        foreach (var file in Directory.GetFiles(city.Directory)) File.Copy(file, Path.Combine(inHome, Path.GetFileName(file)));
        try
        {
            (string[] Args, string Says)[] cases =
            [
                (["dummy", "nj-credit-2026"], "--out"),
                (["dummy", "nj-credit-2026", "--out", Path.Combine(city.Home.Root, "dummy")], "inside the sandbox home"),
                (["dummy", "nj-credit-2026", "--out", existing], "exists and is not empty"),
                (["dummy", "nj-credit-2026", "--out", Path.Combine(toHome, "fresh")], "inside the sandbox home"),
                (["dummy", "nj-credit-2026", "--out", Path.Combine(existing, "a", "b")], "no folder"),
                (["dummy", "nj-credit-2026", "--out", Path.Combine(Path.GetTempPath(), "sandbox-dummy-rows"), "--rows", "0"], "--rows"),
                (["dummy", "nj-credit-2026", "--out", Path.Combine(Path.GetTempPath(), "sandbox-dummy-seed"), "--seed", "many"], "many"),
                (["dummy", "no-such-grant", "--out", Path.Combine(Path.GetTempPath(), "sandbox-dummy-none")], "no grant 'no-such-grant'"),
                (["job", "run", "--dummy", notDummy, job], "not a dummy workspace"),
                (["job", "run", "--dummy", Path.Combine(notDummy, "missing"), job], "--dummy: no folder"),
                (["job", "run", "--dummy", city.Directory, otherGrant], "grant: 'nj-logistics-2027' is not the grant of the dummy workspace"),
                (["job", "run", "--dummy", city.Directory, job, "--detach"], "--detach"),
                (["job", "run", "--dummy", city.Directory, job, "--out", existing], "exists and is not empty"),
                (["job", "run", job, "--out", existing], "--out: only with --dummy"),
                (["job", "run", "--dummy", linked, job], "is a link"),
                (["job", "run", "--dummy", inHome, job], "inside the sandbox home"),
            ];
            foreach (var (args, says) in cases)
            {
                var (code, _, error) = city.Home.Run(args);
                Assert.True(code == 2, $"{string.Join(' ', args)}: exit {code}: {error}");
                Assert.Contains(says, error);
                Assert.True(error.Trim().Split('\n').Length == 1, $"{string.Join(' ', args)}: {error}");
            }
            Assert.Equal(["x.txt"], Directory.GetFiles(existing).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(existing, recursive: true);
            Directory.Delete(notDummy, recursive: true);
            Directory.Delete(linked, recursive: true);
            Directory.Delete(inHome, recursive: true);
            Directory.Delete(toHome);
            Assert.False(Directory.Exists(Path.Combine(city.Home.Root, "fresh")));
        }
    }

    private readonly Dictionary<(string, string), Dictionary<string, int>> _held = [];

    // Distinct subjects holding `value` in the grant's masked table.
    private int HeldBy(string table, string column, string? subject, string value)
    {
        if (!_held.TryGetValue((table, column), out var held))
        {
            var counted = subject is null ? "count(*)" : $"count(DISTINCT \"{subject}\")";
            _held[(table, column)] = held = DummyCity.Query($"SELECT CAST(\"{column}\" AS VARCHAR), {counted} FROM read_parquet({DummyCity.Literal(city.MaskedFile(table))}) WHERE \"{column}\" IS NOT NULL GROUP BY 1")
                .ToDictionary(r => r[0]!, r => int.Parse(r[1]!, CultureInfo.InvariantCulture));
        }
        return held.GetValueOrDefault(value);
    }

    private static List<string> Rows(string directory, string table) =>
        [.. DummyCity.Query($"SELECT * FROM read_parquet({DummyCity.Literal(Path.Combine(directory, table + ".parquet"))})").Select(r => string.Join('|', r))];
}
