using System.Globalization;

namespace Sandbox.Policy.Training;

/// <summary>Seed §6: operator staff use the platform only with a valid security training record.</summary>
public static class TrainingRule
{
    /// <summary>Null when <paramref name="principal"/> holds a record valid on <paramref name="today"/>; else why not.</summary>
    public static string? Check(string principal, IEnumerable<TrainingRecord> records, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(records);
        var own = records.Where(r => r.Principal == principal).ToList();
        if (own.Any(r => r.IsValidOn(today)))
        {
            return null;
        }

        var latest = own.OrderByDescending(r => r.ValidUntil).FirstOrDefault();
        return latest is null
            ? $"{principal} has no security training record (seed §6: operator staff are trained before using the platform)"
            : $"{principal}'s security training ({latest.Course}, {Day(latest.Completed)}) is valid {Day(latest.Completed)}..{Day(latest.ValidUntil)}, not on {Day(today)}";
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
