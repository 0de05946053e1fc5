using System.Security.Cryptography;
using Sandbox.Export.Checks;
using Sandbox.Export.Release;
using Sandbox.Export.Review;

namespace Sandbox.Export.Tests.Release;

public sealed class ReleaseBundleTests : IDisposable
{
    private static readonly DateTimeOffset RequestedAt = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly TempDirectory _dir = new();
    private readonly byte[] _privateKey = SigningKeys.NewPrivateKey();

    public void Dispose() => _dir.Dispose();

    private byte[] PublicKey => SigningKeys.PublicKeyOf(_privateKey);

    private string Bundle => _dir.Combine("bundle");

    private static ReleaseManifest Manifest() => new()
    {
        ReleaseId = "rel-1",
        ExportId = "exp-1",
        JobId = "job-1",
        GrantId = "nj-credit-2026",
        Output = "district_counts",
        Datasets = [new ManifestDataset("enterprise_registry", new string('a', 64))],
        PolicySha256 = new string('b', 64),
        Checks = CheckReport.From([new CheckResult("threshold", CheckStatus.Pass, "ok", [])]),
        Reviews =
        [
            ReviewProofTests.Approval("gina", "governance", ReviewStage.Technical, "aggregate only", RequestedAt.AddHours(1), 7),
            ReviewProofTests.Approval("eric", "expert", ReviewStage.Comprehensive, "同意发布", RequestedAt.AddHours(2), 9),
        ],
        RequestedBy = "olga",
        RequestedAt = RequestedAt,
        ReleasedAt = RequestedAt.AddHours(3),
    };

    private string WriteBundle()
    {
        string data = _dir.File("district_counts.csv", "district,enterprises\n玄武区,120\n");
        string notes = _dir.File("notes.txt", "method: count(*) by district\n");
        return ReleaseBundle.Write(Bundle, [data, notes], Manifest(), _privateKey);
    }

    [Fact]
    public void Write_ThenVerify_IsOk()
    {
        string hash = WriteBundle();

        var verification = ReleaseBundle.Verify(Bundle, PublicKey);

        Assert.True(verification.Ok, string.Join("\n", verification.Problems));
        Assert.Empty(verification.Problems);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Bundle, "manifest.json")))), hash);
        Assert.Equal(["district_counts.csv", "manifest.json", "manifest.sig", "notes.txt"],
            Directory.GetFiles(Bundle).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(64, new FileInfo(Path.Combine(Bundle, "manifest.sig")).Length);
        // The temporary directory was renamed, not left beside the bundle.
        Assert.Single(Directory.GetDirectories(_dir.Path));
    }

    [Fact]
    public void Write_Manifest_ListsFilesHashesAndKey()
    {
        WriteBundle();

        string json = File.ReadAllText(Path.Combine(Bundle, "manifest.json"));

        Assert.Contains("\"formatVersion\": 1", json);
        Assert.Contains("\"name\": \"district_counts.csv\"", json);
        Assert.Contains($"\"publicKey\": \"{Convert.ToHexStringLower(PublicKey)}\"", json);
        Assert.Contains("\"status\": \"pass\"", json);
        Assert.Contains("\"stage\": \"comprehensive\"", json);
        Assert.Contains("同意发布", json);
        Assert.DoesNotContain("\r", json);
    }

    [Fact]
    public void ManifestJson_GeneratedAtCompileTime_WritesTheBytesEveryReleasedManifestHas()
    {
        // The options every manifest was signed with, by the serializer's reflection: the generated shapes (which an
        // ahead-of-time image needs) must give the same bytes, or a bundle released before would not verify.
        var reflection = new System.Text.Json.JsonSerializerOptions
        {
            PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase) },
            WriteIndented = true,
            IndentSize = 2,
            NewLine = "\n",
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        var failing = new CheckResult("dominance", CheckStatus.Fail, "玄武区: one subject is 91% of the total", ["玄武区/income"])
        {
            Findings = [new CellFinding(3, "income", "dominance", 2, 0.9123) { Against = new CellReference("exp-0", 1, "income") }, new CellFinding(null, null, "file")],
        };
        var manifest = Manifest() with
        {
            Files = [new ManifestFile("district_counts.csv", new string('c', 64), 42)],
            Mitigation = "suppressed 1 cell",
            UnmitigatedChecks = CheckReport.From([failing, new CheckResult("zeros", CheckStatus.Review, "", [])]),
            CrossBorder = true,
            PublicKey = "ab",
        };
        var registration = new ProductRegistration
        {
            ProductName = "信用评分",
            OperatorId = "zijin",
            OperatorName = "紫金",
            GrantId = "g",
            Scenario = "credit",
            ModelCard = null,
            Sources = [new ManifestDataset("residents", new string('d', 64))],
            ReleaseId = "rel-1",
        };

        Assert.Equal(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(manifest, reflection), ManifestJson.Serialize(manifest));
        Assert.Equal(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(registration, reflection), ManifestJson.Serialize(registration));
        Assert.Equal(ManifestJson.Serialize(manifest), ManifestJson.Serialize(ManifestJson.Deserialize(ManifestJson.Serialize(manifest))));
        Assert.Equal(registration with { Sources = [], Files = [] }, ManifestJson.DeserializeRegistration(ManifestJson.Serialize(registration)) with { Sources = [], Files = [] });
    }

    [Fact]
    public void Write_SameInputsTwice_GivesTheSameManifest()
    {
        string first = WriteBundle();
        string data = Path.Combine(Bundle, "district_counts.csv");
        string notes = Path.Combine(Bundle, "notes.txt");

        string second = ReleaseBundle.Write(_dir.Combine("again"), [notes, data], Manifest(), _privateKey);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Write_DirectoryWithTrailingSeparator_WritesThatDirectory()
    {
        string data = _dir.File("out.csv", "a\n1\n");

        ReleaseBundle.Write(Bundle + Path.DirectorySeparatorChar, [data], Manifest(), _privateKey);

        Assert.True(ReleaseBundle.Verify(Bundle, PublicKey).Ok);
        Assert.Single(Directory.GetDirectories(_dir.Path));
    }

    [Fact]
    public void Write_ExistingBundleDirectory_Throws()
    {
        Directory.CreateDirectory(Bundle);
        string data = _dir.File("out.csv", "a\n1\n");

        Assert.Throws<IOException>(() => ReleaseBundle.Write(Bundle, [data], Manifest(), _privateKey));
        Assert.Single(Directory.GetDirectories(_dir.Path));
    }

    [Fact]
    public void Write_MissingSourceFile_LeavesNothingBehind()
    {
        Assert.Throws<FileNotFoundException>(() =>
            ReleaseBundle.Write(Bundle, [_dir.Combine("missing.csv")], Manifest(), _privateKey));

        Assert.Empty(Directory.GetDirectories(_dir.Path));
    }

    [Theory]
    [InlineData("manifest.json")]
    [InlineData("manifest.sig")]
    public void Write_ReservedName_Throws(string name)
    {
        string file = _dir.File(name, "{}");

        Assert.Throws<ArgumentException>(() => ReleaseBundle.Write(Bundle, [file], Manifest(), _privateKey));
    }

    [Fact]
    public void Write_TwoFilesOfTheSameName_Throws()
    {
        string first = _dir.File("a.csv", "a\n1\n");
        string second = Path.Combine(Directory.CreateDirectory(_dir.Combine("other")).FullName, "a.csv");
        File.WriteAllText(second, "a\n2\n");

        Assert.Throws<ArgumentException>(() => ReleaseBundle.Write(Bundle, [first, second], Manifest(), _privateKey));
    }

    public static TheoryData<string, Action<string>, string> Tamperings() => new()
    {
        { "data byte changed", bundle => FlipFirstByte(Path.Combine(bundle, "district_counts.csv")),
            "district_counts.csv: content differs from the manifest (SHA-256 mismatch)" },
        { "data file grown", bundle => File.AppendAllText(Path.Combine(bundle, "notes.txt"), "x"),
            "notes.txt: has 30 bytes, the manifest says 29" },
        { "manifest byte changed", bundle => FlipByteAt(Path.Combine(bundle, "manifest.json"), 40),
            "manifest.sig: not a valid signature of manifest.json under the given public key" },
        { "signature byte changed", bundle => FlipFirstByte(Path.Combine(bundle, "manifest.sig")),
            "manifest.sig: not a valid signature of manifest.json under the given public key" },
        { "signature removed", bundle => File.Delete(Path.Combine(bundle, "manifest.sig")),
            "manifest.sig: missing, so the manifest cannot be trusted" },
        { "manifest removed", bundle => File.Delete(Path.Combine(bundle, "manifest.json")),
            "manifest.json: missing, so nothing in the bundle can be verified" },
        { "file added", bundle => File.WriteAllText(Path.Combine(bundle, "extra.csv"), "id\n1\n"),
            "extra.csv: a file not listed in the manifest" },
        { "directory added", bundle => Directory.CreateDirectory(Path.Combine(bundle, "more")),
            "more/: a directory not listed in the manifest" },
        { "file removed", bundle => File.Delete(Path.Combine(bundle, "notes.txt")),
            "notes.txt: listed in the manifest but missing" },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Verify_TamperedBundle_FailsNamingTheProblem(string name, Action<string> tamper, string problem)
    {
        WriteBundle();
        // Verify a copy, as a recipient outside the domain would.
        string copy = _dir.Combine("copy");
        CopyDirectory(Bundle, copy);
        tamper(copy);

        var verification = ReleaseBundle.Verify(copy, PublicKey);

        Assert.False(verification.Ok, name);
        Assert.Contains(problem, verification.Problems);
    }

    [Fact]
    public void Verify_OtherPublicKey_Fails()
    {
        WriteBundle();

        var verification = ReleaseBundle.Verify(Bundle, SigningKeys.PublicKeyOf(SigningKeys.NewPrivateKey()));

        Assert.False(verification.Ok);
        Assert.Contains("manifest.sig: not a valid signature of manifest.json under the given public key", verification.Problems);
        Assert.Contains("manifest.json: names a different public key than the one given", verification.Problems);
    }

    [Fact]
    public void Verify_MissingDirectory_Fails()
    {
        var verification = ReleaseBundle.Verify(_dir.Combine("nowhere"), PublicKey);

        Assert.False(verification.Ok);
        Assert.EndsWith("nowhere: no such directory", Assert.Single(verification.Problems));
    }

    private static void FlipFirstByte(string path) => FlipByteAt(path, 0);

    private static void FlipByteAt(string path, int offset)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
