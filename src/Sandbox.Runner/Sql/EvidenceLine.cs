using System.Text.Json;

namespace Sandbox.Runner.Sql;

/// <summary>One row of an evidence file: one group of the output and one subject table.</summary>
/// <param name="Key">The group's dimension cells as the CSV prints them.</param>
/// <param name="Table">The subject table (index into the file's <c>subjects</c>).</param>
/// <param name="Subjects">The group's distinct subjects.</param>
/// <param name="Cells">Per aggregate column, the subjects its aggregate counts.</param>
/// <param name="Contributions">Per SUM/AVG column: top1, top2, total and min of the single-subject contributions.</param>
internal sealed record EvidenceLine(string?[] Key, int Table, long Subjects, long[] Cells, List<double?[]> Contributions)
{
    /// <summary>Per aggregate column, the base64 subject-set fingerprint of the cell.</summary>
    public string[] Sketches { get; init; } = [];

    /// <summary>
    /// The line with <paramref name="count"/> more aggregate cells, each computed from the row alone: counted as the
    /// row's smallest cell (the group's subjects when it has none), with that cell's fingerprint.
    /// </summary>
    public EvidenceLine WithDerived(int count)
    {
        int smallest = Cells.Length == 0 ? -1 : Array.IndexOf(Cells, Cells.Min());
        long cell = smallest < 0 ? Subjects : Cells[smallest];
        string sketch = smallest < 0 || smallest >= Sketches.Length ? "" : Sketches[smallest];
        return this with
        {
            Cells = [.. Cells, .. Enumerable.Repeat(cell, count)],
            Sketches = [.. Sketches, .. Enumerable.Repeat(sketch, count)],
        };
    }

    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartArray("key");
        foreach (var cell in Key)
        {
            json.WriteStringValue(cell);
        }

        json.WriteEndArray();
        json.WriteNumber("table", Table);
        json.WriteNumber("subjects", Subjects);
        json.WriteStartArray("cells");
        foreach (long n in Cells)
        {
            json.WriteNumberValue(n);
        }

        json.WriteEndArray();
        json.WriteStartArray("contributions");
        foreach (var measured in Contributions)
        {
            json.WriteStartArray();
            foreach (var v in measured)
            {
                if (v is double d && double.IsFinite(d)) json.WriteNumberValue(d);
                else json.WriteNullValue();
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray("sketches");
        foreach (string sketch in Sketches)
        {
            json.WriteStringValue(sketch);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
