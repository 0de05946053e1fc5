namespace Sandbox.Export.Checks;

/// <summary>The automatic disclosure checks of the export gate, run over one output file.</summary>
public static class DisclosureChecker
{
    /// <summary>Why the cell rules cannot run on an output that is not a CSV table.</summary>
    public const string NotATable = "not a table: a reviewer must judge it";

    /// <summary>Why the cell rules do not run on a file over the size limit.</summary>
    public const string TooLargeToRead = "not read: the file exceeds the size limit";

    /// <summary>Runs every rule over the file at <paramref name="path"/> and returns their findings and verdict.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="OutputFormatException">The file is a CSV that cannot be read; the message names the line.</exception>
    public static CheckReport Check(string path, CheckOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        // 1. Type and size come from the file system, before any byte is read.
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }

        string type = FileRule.TypeOf(path);

        // 2. Only a CSV within the size limit is read: reading an oversized file would only cost memory,
        //    and its verdict is fail already.
        bool oversize = file.Length > options.MaxBytes;
        OutputTable? table = type == "csv" && !oversize ? OutputTable.ReadCsv(path) : null;

        // 3. The rules, each with its own finding.
        var checks = new List<CheckResult> { FileRule.Check(type, file.Length, table?.Rows.Count, options) };
        if (table is null)
        {
            string reason = type == "csv" ? TooLargeToRead : NotATable;
            checks.Add(new CheckResult(ThresholdRule.Name, CheckStatus.Review, reason, []));
            checks.Add(new CheckResult(PiiRule.Name, CheckStatus.Review, reason, []));
            checks.Add(new CheckResult(TokenLeakRule.Name, CheckStatus.Review, reason, []));
        }
        else
        {
            var names = new CellNames(table);
            checks.Add(ThresholdRule.Check(table, names, options));
            checks.Add(PiiRule.Check(table, names));
            checks.Add(TokenLeakRule.Check(table, names));
        }

        return CheckReport.From(checks);
    }
}
