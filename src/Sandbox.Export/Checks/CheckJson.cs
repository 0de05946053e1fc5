using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sandbox.Export.Checks;

/// <summary>
/// The JSON of <c>export check</c> and <c>export request</c>:
/// <c>{"id","verdict","checks":[{"rule","status","detail","cells"}]}</c>, statuses lowercase.
/// </summary>
public static class CheckJson
{
    // Written by hand, not by reflection, so the keys of the contract cannot drift with a rename.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Chinese column names stay readable; the output is JSON for tools, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The contract JSON of <paramref name="report"/> for the export or file <paramref name="id"/>.</summary>
    public static string Serialize(string id, CheckReport report)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("verdict", Text(report.Verdict));
            json.WriteStartArray("checks");
            foreach (var check in report.Checks)
            {
                json.WriteStartObject();
                json.WriteString("rule", check.Rule);
                json.WriteString("status", Text(check.Status));
                json.WriteString("detail", check.Detail);
                json.WriteStartArray("cells");
                foreach (var cell in check.Cells)
                {
                    json.WriteStringValue(cell);
                }

                json.WriteEndArray();
                json.WriteStartArray("findings");
                foreach (var finding in check.Findings)
                {
                    Write(json, finding);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Write(Utf8JsonWriter json, CellFinding finding)
    {
        json.WriteStartObject();
        if (finding.Row is int row) json.WriteNumber("row", row);
        else json.WriteNull("row");
        json.WriteString("column", finding.Column);
        json.WriteString("rule", finding.Rule);
        if (finding.Subjects is long subjects) json.WriteNumber("subjects", subjects);
        else json.WriteNull("subjects");
        if (finding.Share is double share && double.IsFinite(share)) json.WriteNumber("share", Math.Round(share, 4));
        else json.WriteNull("share");
        if (finding.Against is { } against)
        {
            json.WriteStartObject("against");
            json.WriteString("export", against.Export);
            json.WriteNumber("row", against.Row);
            json.WriteString("column", against.Column);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>The contract word of a status: <c>pass</c>, <c>review</c> or <c>fail</c>.</summary>
    public static string Text(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Review => "review",
        CheckStatus.Fail => "fail",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown check status"),
    };
}
