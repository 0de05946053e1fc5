namespace Sandbox.Export.Checks;

/// <summary>The pii and token-leak rules over a text file, line by line; findings name lines, never values.</summary>
internal static class TextScan
{
    public static CheckResult Pii(string text)
    {
        var lines = new List<string>();
        var listed = new List<string>();
        int number = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            number++;
            string content = line.ToString();
            // A masked value (张*, 139****6493) is still personal, wherever it stands in the line.
            if ((PiiScan.EntityIn(content) ?? content.Split([' ', '\t', ',', ';', '，', '：', ':'], StringSplitOptions.RemoveEmptyEntries)
                    .Select(MaskedShapes.PartialMask).FirstOrDefault(e => e is not null)) is { } entity)
            {
                lines.Add($"line {number}");
                listed.Add($"line {number} ({entity})");
            }
        }

        return lines.Count == 0
            ? new CheckResult(PiiRule.Name, CheckStatus.Pass, $"no personal data found in {DetailText.Figure(number)} lines", [])
            : new CheckResult(PiiRule.Name, CheckStatus.Fail, $"{DetailText.Figure(lines.Count)} lines hold personal data: {DetailText.List(listed)}", lines);
    }

    public static CheckResult Tokens(string text)
    {
        var lines = new List<string>();
        int number = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            number++;
            if (TokenScan.Contains(line))
            {
                lines.Add($"line {number}");
            }
        }

        return lines.Count == 0
            ? new CheckResult(TokenLeakRule.Name, CheckStatus.Pass, "no keyed token found", [])
            : new CheckResult(TokenLeakRule.Name, CheckStatus.Fail,
                $"{DetailText.Figure(lines.Count)} lines hold keyed tokens, which identify single subjects: {DetailText.List(lines)}", lines);
    }
}
