namespace Sandbox.Export.Checks;

/// <summary>
/// The "pii" rule: no header or cell holds a value the Masking detectors recognize, nor one our masking left
/// (<see cref="MaskedShapes"/>: a masked value is still one person's), nor, when the evidence shows one row per
/// subject, a column whose every value is one subject's own.
/// </summary>
internal static class PiiRule
{
    public const string Name = "pii";

    // Below this many rows, distinct values say nothing about identity.
    private const int OnePerSubjectMinRows = 2;

    public static CheckResult Check(CheckContext context)
    {
        var table = context.Table;
        var names = context.Names;
        var cells = new List<string>();
        var listed = new List<string>();
        var findings = new List<CellFinding>();

        // 1. Headers, and the columns that hold birth dates however generalized.
        var birth = new bool[table.Columns.Count];
        for (int column = 0; column < table.Columns.Count; column++)
        {
            if (PiiScan.EntityIn(table.Columns[column]) is { } entity)
            {
                Flag(CellNames.Header(column), null, column, entity);
            }

            birth[column] = MaskedShapes.IsBirthHeader(table.Columns[column]);
        }

        // 2. Cells: detected values, masked shapes, generalized birth dates (in rows about one subject).
        var rowLevel = birth.Any(b => b) ? RowLevel(context, birth) : new bool[table.Rows.Count];
        for (int row = 0; row < table.Rows.Count; row++)
        {
            var values = table.Rows[row];
            for (int column = 0; column < values.Length; column++)
            {
                string? value = values[column];
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }

                if ((PiiScan.EntityIn(value) ?? MaskedShapes.PartialMask(value)
                    ?? (birth[column] && rowLevel[row] ? MaskedShapes.BirthValue(value) : null)) is { } entity)
                {
                    Flag(names.Cell(row, column), row, column, entity);
                }
            }
        }

        // 3. One value per subject: a listing's distinct columns, or dimensions whose rows each rest on one subject.
        foreach (int column in OnePerSubject(context))
        {
            Flag(CellNames.Header(column), null, column, "one value per subject");
        }

        if (cells.Count == 0)
        {
            return new CheckResult(Name, CheckStatus.Pass,
                $"no personal data found in the header or the {DetailText.Figure(table.Rows.Count)} rows", []);
        }

        return new CheckResult(Name, CheckStatus.Fail,
            $"{DetailText.Cells(cells.Count, "holds", "hold")} personal data: {DetailText.List(listed)}", cells)
        { Findings = findings };

        // The detail names the entity, never the value.
        void Flag(string cell, int? row, int column, string entity)
        {
            cells.Add(cell);
            listed.Add($"{cell} ({entity})");
            findings.Add(new CellFinding(row + 1, names.Label(column), Name, row is null ? null : 1));
        }
    }

    /// <summary>
    /// Per row, true when it is about one subject: a generalized birth date there is that person's,
    /// while as the dimension of an aggregate (birth year × count) it is for the threshold rule to judge.
    /// Without evidence, an output with a count or another measure beside the dates is taken for an aggregate (the
    /// threshold rule then asks a reviewer); one without is a listing.
    /// </summary>
    private static bool[] RowLevel(CheckContext context, bool[] birth)
    {
        var table = context.Table;
        if (context.Evidence is { } evidence)
        {
            return [.. Enumerable.Range(0, table.Rows.Count).Select(r => evidence.Listing || context.RowSubjects(r) is <= 1)];
        }

        bool listing = context.Options.CountColumnOrdinals is not { Count: > 0 }
            && !Enumerable.Range(0, birth.Length).Any(c => !birth[c] && IsMeasure(table, c));
        return [.. Enumerable.Repeat(listing, table.Rows.Count)];
    }

    private static bool IsMeasure(OutputTable table, int column) =>
        table.Rows.Any(r => !string.IsNullOrWhiteSpace(r[column]))
        && table.Rows.All(r => string.IsNullOrWhiteSpace(r[column]) || TotalLines.Number(r[column]) is not null);

    private static IEnumerable<int> OnePerSubject(CheckContext context)
    {
        var table = context.Table;
        if (context.Evidence is null || table.Rows.Count < OnePerSubjectMinRows)
        {
            yield break;
        }

        int single = Enumerable.Range(0, table.Rows.Count).Count(r => context.RowSubjects(r) is <= 1);
        if (single * 2 <= table.Rows.Count)
        {
            yield break;
        }

        for (int column = 0; column < table.Columns.Count; column++)
        {
            // A value shared by many rows (a district, a gender) describes a group; one that differs row by row
            // on single-subject rows is that subject's own.
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            int filled = 0;
            foreach (var row in table.Rows)
            {
                if (!string.IsNullOrEmpty(row[column]))
                {
                    filled++;
                    distinct.Add(row[column]!);
                }
            }

            if (filled >= OnePerSubjectMinRows && distinct.Count * 10 >= filled * 9)
            {
                yield return column;
            }
        }
    }
}
