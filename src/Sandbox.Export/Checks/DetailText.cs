using System.Globalization;

namespace Sandbox.Export.Checks;

/// <summary>Wording shared by the rules' details.</summary>
internal static class DetailText
{
    // A detail is read by a person; the full list stays in the result's cells.
    private const int MaxListed = 10;

    public static string List(IReadOnlyList<string> items)
    {
        if (items.Count <= MaxListed)
        {
            return string.Join("; ", items);
        }

        return $"{string.Join("; ", items.Take(MaxListed))} and {Figure(items.Count - MaxListed)} more";
    }

    public static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Figure(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1 cell holds" or "3 cells hold": the count with the verb that agrees with it.</summary>
    public static string Cells(int count, string singularVerb, string pluralVerb) =>
        count == 1 ? $"1 cell {singularVerb}" : $"{Figure(count)} cells {pluralVerb}";
}
