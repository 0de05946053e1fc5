using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Sandbox.Host.Tests.Datasets;

/// <summary>Imports that tell the truth: encodings, ragged rows, headers, replacement with history, nothing left behind.</summary>
public sealed class ImportTruthTests
{
    static ImportTruthTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static Encoding Gbk => Encoding.GetEncoding(936);

    [Fact]
    public void Import_GbkWithEncoding_ChineseHeadersAndValuesReadBackEqual()
    {
        using var home = new TestHome();
        var file = Write(home, "gbk.csv", "区县,人口,备注\n玄武区,100,\"含逗号,的备注\"\n秦淮区,200,普通\n", Gbk);

        var json = JsonDocument.Parse(home.Ok("dataset", "import", file, "--name", "districts", "--encoding", "gbk", "--json")).RootElement;

        Assert.Equal(["区县", "人口", "备注"], json.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(
            [["玄武区", "100", "含逗号,的备注"], ["秦淮区", "200", "普通"]],
            Read(json.GetProperty("path").GetString()!, "SELECT 区县, CAST(人口 AS VARCHAR), 备注 FROM t ORDER BY 人口"));
        Assert.Empty(Directory.GetFiles(Path.Combine(home.Root, "datasets"), ".import-*"));
    }

    [Fact]
    public void Import_Gb18030WithEncoding_Imports()
    {
        using var home = new TestHome();
        var file = Write(home, "gb.csv", "姓名,区\n张三,鼓楼区\n", Encoding.GetEncoding(54936));
        var json = JsonDocument.Parse(home.Ok("dataset", "import", file, "--name", "people", "--encoding", "gb18030", "--json")).RootElement;
        Assert.Equal([["张三", "鼓楼区"]], Read(json.GetProperty("path").GetString()!, "SELECT 姓名, 区 FROM t"));
    }

    [Fact]
    public void Import_GbkWithoutEncoding_RefusedNamingLineByteAndGb18030()
    {
        using var home = new TestHome();
        var file = Write(home, "gbk.csv", "district,population\nxuanwu,100\n玄武区,200\n", Gbk);

        var (code, _, err) = home.Run("dataset", "import", file, "--name", "districts");

        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("gbk.csv: line 3, byte 31: not valid UTF-8", err);
        Assert.Contains("use --encoding gb18030", err);
    }

    [Fact]
    public void Import_InvalidUtf8NotGb_RefusedWithoutTheGbHint()
    {
        using var home = new TestHome();
        var file = Path.Combine(home.Root, "bin.csv");
        File.WriteAllBytes(file, [.. "a,b\n1,"u8.ToArray(), 0xFF, 0xFF, (byte)'\n']);
        var (code, _, err) = home.Run("dataset", "import", file, "--name", "bin");
        Assert.Equal(2, code);
        Assert.Contains("line 2, byte 6: not valid UTF-8", err);
        Assert.DoesNotContain("looks like", err);
    }

    [Fact]
    public void Import_InvalidGbkWithEncoding_RefusedNamingLineAndByte()
    {
        using var home = new TestHome();
        var file = Path.Combine(home.Root, "bad-gbk.csv");
        File.WriteAllBytes(file, [.. Gbk.GetBytes("区县,人口\n玄武区,1\n"), 0x81, (byte)',', (byte)'2', (byte)'\n']);
        var (code, _, err) = home.Run("dataset", "import", file, "--name", "bad", "--encoding", "gbk");
        Assert.Equal(2, code);
        Assert.Contains("line 3, byte 19: not valid GBK", err);
    }

    [Fact]
    public void Import_InvalidSequenceAcrossTheReadBuffer_NamesItsFirstByte()
    {
        using var home = new TestHome();
        var file = Path.Combine(home.Root, "edge.csv");
        // A truncated three-byte sequence starting at the last byte of the first 64 KiB read.
        File.WriteAllBytes(file, [.. "a\n"u8.ToArray(), .. Enumerable.Repeat((byte)'x', 65533), 0xE4, 0xB8, (byte)'\n']);
        var (code, _, err) = home.Run("dataset", "import", file, "--name", "edge");
        Assert.Equal(2, code);
        Assert.Contains("line 2, byte 65535: not valid UTF-8", err);
    }

    [Fact]
    public void Import_UnknownEncoding_ExitsTwoNamingTheOption()
    {
        using var home = new TestHome();
        var file = Write(home, "ok.csv", "a\n1\n");
        var (code, _, err) = home.Run("dataset", "import", file, "--name", "ok", "--encoding", "latin9");
        Assert.Equal(2, code);
        Assert.Contains("--encoding: 'latin9'", err);
    }

    [Fact]
    public void Import_Ragged_NamesLineExpectedAndFound()
    {
        using var home = new TestHome();
        var file = Write(home, "ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
        var (code, _, err) = home.Run("dataset", "import", file, "--name", "ragged");
        Assert.Equal(2, code);
        Assert.Equal("error: " + file + ": line 3: expected 3 field(s) as in the header, found 2; nothing was imported", err.Trim());
    }

    [Fact]
    public void Import_QuotedMultiLineField_ImportsAndRaggedLaterCountsPhysicalLines()
    {
        using var home = new TestHome();
        var good = Write(home, "notes.csv", "id,note\n1,\"first line\nsecond, with \"\"quotes\"\"\"\n2,plain\n");
        var json = JsonDocument.Parse(home.Ok("dataset", "import", good, "--name", "notes", "--json")).RootElement;
        Assert.Equal(2, json.GetProperty("rows").GetInt64());
        Assert.Equal([["first line\nsecond, with \"quotes\""]], Read(json.GetProperty("path").GetString()!, "SELECT note FROM t WHERE id = 1"));

        // The ragged record starts on physical line 5, after a record spanning lines 2–4.
        var bad = Write(home, "bad.csv", "id,note\n1,\"a\nb\nc\"\n2,x,extra\n");
        var (code, _, err) = home.Run("dataset", "import", bad, "--name", "bad");
        Assert.Equal(2, code);
        Assert.Contains("line 5: expected 2 field(s) as in the header, found 3", err);
    }

    [Fact]
    public void Import_UnclosedQuote_NamesTheLineWhereTheRecordStarts()
    {
        using var home = new TestHome();
        var bad = Write(home, "open.csv", "id,note\n1,ok\n2,\"never closed\n3,x\n");
        var (code, _, err) = home.Run("dataset", "import", bad, "--name", "open");
        Assert.Equal(2, code);
        Assert.Contains("line 3: a quoted field is never closed", err);
    }

    [Fact]
    public void Import_TextAfterClosingQuote_NamesLineAndField()
    {
        using var home = new TestHome();
        var bad = Write(home, "q.csv", "id,note\n1,ok\n2,\"x\"y\n");
        var (code, _, err) = home.Run("dataset", "import", bad, "--name", "q");
        Assert.Equal(2, code);
        Assert.Contains("line 3: field 2: text after the closing quote", err);
    }

    [Fact]
    public void Import_HeaderOnlyAndBlankLines_Import()
    {
        using var home = new TestHome();
        Assert.Contains("\"rows\":0", home.Ok("dataset", "import", Write(home, "h.csv", "a,b\n"), "--name", "header_only", "--json"));
        Assert.Contains("\"rows\":2", home.Ok("dataset", "import", Write(home, "b.csv", "a,b\r\n1,2\r\n\r\n3,4\r\n"), "--name", "blank", "--json"));
    }

    [Theory]
    [InlineData("", "the file is empty (0 bytes)")]
    [InlineData("\n\n", "the header names no columns")]
    [InlineData(",\n1,2\n", "the header names no columns")]
    [InlineData("a,,c\n1,2,3\n", "column 2 of the header has no name")]
    [InlineData("id,Name, name \n1,2,3\n", "columns 'Name' (column 2) and 'name' (column 3) have the same name")]
    [InlineData("a,a\n1,2\n", "columns 'a' (column 1) and 'a' (column 2) have the same name")]
    public void Import_BadHeader_Refused(string text, string expected)
    {
        using var home = new TestHome();
        var file = Write(home, "h.csv", text);
        var (code, _, err) = home.Run("dataset", "import", file, "--name", "h");
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(expected, err);
    }

    [Fact]
    public void Import_Tsv_ChecksTabSeparatedFields()
    {
        using var home = new TestHome();
        var good = Write(home, "ok.tsv", "a\tb\n1\tx,y\n");
        Assert.Contains("\"rows\":1", home.Ok("dataset", "import", good, "--name", "ok", "--json"));
        var bad = Write(home, "bad.tsv", "a\tb\n1\t2\t3\n");
        var (code, _, err) = home.Run("dataset", "import", bad, "--name", "bad");
        Assert.Equal(2, code);
        Assert.Contains("line 2: expected 2 field(s) as in the header, found 3", err);
    }

    [Fact]
    public void Import_ExistingNameWithoutReplace_RefusedNamingTheVersion()
    {
        using var home = new TestHome();
        var file = Write(home, "a.csv", "district,n\nx,1\n");
        var sha = JsonDocument.Parse(home.Ok("dataset", "import", file, "--name", "counts", "--provider", "civil-affairs", "--json"))
            .RootElement.GetProperty("sha256").GetString()!;
        var other = Write(home, "b.csv", "district,n\ny,2\nz,3\n");
        var before = Snapshot(home);

        var (code, _, err) = home.Run("dataset", "import", other, "--name", "counts");

        Assert.Equal(2, code);
        Assert.Contains("dataset 'counts' already exists", err);
        Assert.Contains(sha[..12], err);
        Assert.Contains("--replace", err);
        Assert.Equal(before, Snapshot(home));
    }

    [Fact]
    public void Import_Replace_KeepsHistoryProviderAndClassification()
    {
        using var home = new TestHome();
        var first = Write(home, "a.csv", "district,n\nx,1\n");
        var v1 = JsonDocument.Parse(home.Ok("dataset", "import", first, "--name", "counts", "--provider", "civil-affairs", "--json"))
            .RootElement.GetProperty("sha256").GetString()!;
        home.Ok("dataset", "classify", "counts", "district", "--entity", "none", "--level", "2", "--reason", "district names are level 2 here");
        home.Time.Advance(TimeSpan.FromHours(1));
        var second = Write(home, "b.csv", "district,n\ny,2\nz,3\n");

        var replaced = JsonDocument.Parse(home.Ok("dataset", "import", second, "--name", "counts", "--replace", "--json")).RootElement;

        var v2 = replaced.GetProperty("sha256").GetString()!;
        Assert.NotEqual(v1, v2);
        var shown = JsonDocument.Parse(home.Ok("dataset", "show", "counts", "--json")).RootElement;
        Assert.Equal("civil-affairs", shown.GetProperty("provider").GetString());
        Assert.Equal(2, shown.GetProperty("rows").GetInt64());
        Assert.Equal(2, shown.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "district").GetProperty("level").GetInt32());
        var versions = shown.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([v1, v2], versions.Select(v => v.GetProperty("sha256").GetString()));
        Assert.Equal([1L, 2L], versions.Select(v => v.GetProperty("rows").GetInt64()));
        Assert.All(versions, v => Assert.Equal(TestHome.Bureau, v.GetProperty("importedBy").GetString()));
        Assert.True(versions[1].GetProperty("importedAt").GetDateTimeOffset() > versions[0].GetProperty("importedAt").GetDateTimeOffset());
        // The earlier version's file stays, content-addressed beside the new one.
        Assert.True(File.Exists(Path.Combine(home.Root, "datasets", "counts", v1 + ".parquet.sealed")));

        var text = home.Ok("dataset", "show", "counts");
        Assert.Contains("versions:", text);
        Assert.Contains(v1[..16], text);

        var audit = home.Ok("audit", "show", "--json");
        Assert.Contains(Sandbox.Contracts.Audit.AuditActions.DatasetReplace, audit);
    }

    [Fact]
    public void Import_Replace_OfAHomeWithoutHistory_RecordsThePreviousVersionToo()
    {
        using var home = new TestHome();
        var first = Write(home, "a.csv", "district,n\nx,1\n");
        var v1 = JsonDocument.Parse(home.Ok("dataset", "import", first, "--name", "counts", "--json")).RootElement.GetProperty("sha256").GetString()!;
        home.Sql("DELETE FROM dataset_versions");   // as a home from before history was kept
        Assert.Single(JsonDocument.Parse(home.Ok("dataset", "show", "counts", "--json")).RootElement.GetProperty("versions").EnumerateArray());

        home.Ok("dataset", "import", Write(home, "b.csv", "district,n\ny,2\n"), "--name", "counts", "--replace");

        var versions = JsonDocument.Parse(home.Ok("dataset", "show", "counts", "--json")).RootElement.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(2, versions.Count);
        Assert.Equal(v1, versions[0].GetProperty("sha256").GetString());
        Assert.Equal(JsonValueKind.Null, versions[0].GetProperty("importedBy").ValueKind);
    }

    [Theory]
    [InlineData("ragged")]
    [InlineData("encoding")]
    [InlineData("duplicate")]
    [InlineData("empty")]
    [InlineData("subject")]
    [InlineData("replace-ragged")]
    public void Import_Failure_LeavesTheHomeByteIdentical(string failure)
    {
        using var home = new TestHome();
        home.Ok("dataset", "import", Write(home, "ok.csv", "district,n\nx,1\n"), "--name", "counts");
        var name = failure.StartsWith("replace", StringComparison.Ordinal) ? "counts" : "fresh";
        var file = failure switch
        {
            "ragged" or "replace-ragged" => Write(home, "f.csv", "a,b\n1,2\n3\n"),
            "encoding" => Write(home, "f.csv", "区县,人口\n玄武区,100\n", Gbk),
            "duplicate" => Write(home, "f.csv", "a,A\n1,2\n"),
            "empty" => Write(home, "f.csv", ""),
            _ => Write(home, "f.csv", "x\n1\n"),
        };
        var before = Snapshot(home);

        // "subject" fails after the Parquet file is written: the last check before the rename.
        var (code, _, _) = failure == "subject"
            ? home.Run("dataset", "import", file, "--name", name, "--subject", "nobody")
            : home.Run("dataset", "import", file, "--name", name, "--replace");

        Assert.Equal(2, code);
        Assert.Equal(before, Snapshot(home));
    }

    [Fact]
    public void Import_FailureAfterConversion_LeavesNoTemporary()
    {
        using var home = new TestHome();
        // Decodes as GBK, passes the field counts and is converted, then is refused (no such subject column): the
        // UTF-8 copy and the Parquet temporary must go.
        var file = Write(home, "f.csv", "区县,x\n玄武区,1\n", Gbk);
        var before = Snapshot(home);
        var (code, _, err) = home.Run("dataset", "import", file, "--name", "late", "--encoding", "gbk", "--subject", "nobody");
        Assert.Equal(2, code);
        Assert.Contains("--subject: 'nobody'", err);
        Assert.DoesNotContain(".import-", err);
        Assert.Equal(before, Snapshot(home));
    }

    [Fact]
    public void Import_TemporariesOfAKilledImport_AreSweptByTheNext()
    {
        using var home = new TestHome();
        var datasets = Path.Combine(home.Root, "datasets");
        Directory.CreateDirectory(datasets);
        // No process has this id (above the kernel's pid_max): its import died mid-way.
        var abandoned = Path.Combine(datasets, ".import-99999999-0123456789abcdef.parquet");
        File.WriteAllText(abandoned, "partial");

        home.Ok("dataset", "import", Write(home, "ok.csv", "a\n1\n"), "--name", "ok");

        Assert.False(File.Exists(abandoned));
    }

    [Fact]
    public async Task Import_KilledMidWay_LeavesNoRowAndItsTemporariesAreSwept()
    {
        using var home = new TestHome();
        var text = new StringBuilder("区县,编号,备注\n");
        for (var i = 0; i < 400_000; i++) text.Append(i % 2 == 0 ? "玄武区," : "秦淮区,").Append(i).Append(",\"备注 ").Append(i).Append(", 文本\"\n");
        var file = Write(home, "big.csv", text.ToString(), Gbk);

        // A real sandbox process, SIGKILLed while DuckDB converts the UTF-8 copy.
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "sandbox.dll"), "--as", TestHome.Bureau, "dataset", "import", file, "--name", "big", "--encoding", "gbk", "--progress", "--home", home.Root })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(info)!;
        var converting = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("converting to Parquet", StringComparison.Ordinal) == true) converting.TrySetResult();
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await converting.Task.WaitAsync(TimeSpan.FromSeconds(60));
        process.Kill();
        await process.WaitForExitAsync();

        var datasets = Path.Combine(home.Root, "datasets");
        Assert.NotEmpty(Directory.GetFiles(datasets, ".import-*"));   // killed mid-way: its temporaries are there
        Assert.False(Directory.Exists(Path.Combine(datasets, "big")));
        Assert.Equal("[]", home.Ok("dataset", "list", "--json").Trim());

        home.Ok("dataset", "import", Write(home, "ok.csv", "a\n1\n"), "--name", "ok");

        Assert.Empty(Directory.GetFiles(datasets, ".import-*"));
    }

    [Fact]
    public void Import_Progress_OnStderrOnlyAndNeverInJson()
    {
        using var home = new TestHome();
        var file = Write(home, "ok.csv", "a\n1\n");
        var (code, output, err) = home.Run("dataset", "import", file, "--name", "ok", "--progress", "--json");
        Assert.Equal(0, code);
        Assert.Contains("import ok: checked 100%", err);
        Assert.DoesNotContain("import ok", output);
        JsonDocument.Parse(output);

        var (_, _, quiet) = home.Run("dataset", "import", file, "--name", "ok2");
        Assert.Equal("", quiet);
    }

    private static string Write(TestHome home, string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(home.Root, "in", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, (encoding ?? new UTF8Encoding(false)).GetBytes(text));
        return path;
    }

    // Every file of the home (but the inputs) with its content hash.
    private static string Snapshot(TestHome home) => string.Join('\n',
        Directory.EnumerateFileSystemEntries(home.Root, "*", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(Path.Combine(home.Root, "in"), StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => Path.GetRelativePath(home.Root, p) + " " + (File.Exists(p) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p))) : "dir")));

    private static List<List<string>> Read(string stored, string sql)
    {
        using var opened = Sandbox.Host.Datasets.RawVault.Open(stored);
        var parquet = opened.Path;
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"WITH t AS (SELECT * FROM read_parquet('{parquet.Replace("'", "''", StringComparison.Ordinal)}')) {sql}";
        using var r = command.ExecuteReader();
        var rows = new List<List<string>>();
        while (r.Read()) rows.Add([.. Enumerable.Range(0, r.FieldCount).Select(i => r.GetValue(i)?.ToString() ?? "")]);
        return rows;
    }
}
