namespace Sandbox.Export.Checks;

/// <summary>The automatic disclosure checks of the export gate, run over one output file.</summary>
public static class DisclosureChecker
{
    /// <summary>Why the cell rules cannot run on an output that is not a CSV table.</summary>
    public const string NotATable = "not a table: a reviewer must judge it";

    /// <summary>Why the cell rules do not run on a file over the size limit.</summary>
    public const string TooLargeToRead = "not read: the file exceeds the size limit";

    /// <summary>The rules in the order they run and report.</summary>
    public static IReadOnlyList<string> Rules { get; } =
        [FileRule.Name, ThresholdRule.Name, DominanceRule.Name, ZerosRule.Name, MissingRule.Name, RowLevelRule.Name, PiiRule.Name, TokenLeakRule.Name, DofRule.Name];

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

        // 2. Only a file within the size limit is read: reading an oversized one would only cost memory, and its
        //    verdict is fail already.
        bool oversize = file.Length > options.MaxBytes;
        if (type == "csv" && !oversize)
        {
            return Check(OutputTable.ReadCsv(path), file.Length, options);
        }

        // 3. A model: its own rules (from the runner's evidence), and always a reviewer (the file rule).
        var checks = new List<CheckResult> { FileRule.Check(type, file.Length, null, options) };
        if (options.ModelTypes.Contains(type, StringComparer.OrdinalIgnoreCase) || options.Model is not null)
        {
            checks.AddRange(Models.ModelRules.Check(options.Model, options));
            return CheckReport.From(checks);
        }

        // 4. Not a table: the cell rules cannot decide; text is still scanned for personal data, tokens and models.
        string reason = oversize ? TooLargeToRead : NotATable;
        foreach (string rule in new[] { ThresholdRule.Name, DominanceRule.Name, ZerosRule.Name, MissingRule.Name, RowLevelRule.Name })
        {
            checks.Add(new CheckResult(rule, CheckStatus.Review, reason, []));
        }

        if (!oversize && type is "txt" or "json" or "md")
        {
            string text = File.ReadAllText(path);
            checks.Add(TextScan.Pii(text));
            checks.Add(TextScan.Tokens(text));
            checks.Add(DofRule.CheckText(text, type == "json", options));
        }
        else
        {
            checks.Add(new CheckResult(PiiRule.Name, CheckStatus.Review, reason, []));
            checks.Add(new CheckResult(TokenLeakRule.Name, CheckStatus.Review, reason, []));
            checks.Add(new CheckResult(DofRule.Name, CheckStatus.Review, reason, []));
        }

        return CheckReport.From(checks);
    }

    /// <summary>Runs every rule over a table already read (the file's size given for the file rule).</summary>
    public static CheckReport Check(OutputTable table, long bytes, CheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var context = new CheckContext(table, options);
        return CheckReport.From(
        [
            FileRule.Check("csv", bytes, table.Rows.Count, options),
            ThresholdRule.Check(context),
            DominanceRule.Check(context),
            ZerosRule.Check(context),
            MissingRule.Check(context),
            RowLevelRule.Check(context),
            PiiRule.Check(context),
            TokenLeakRule.Check(table, context.Names),
            DofRule.Check(context),
        ]);
    }
}
