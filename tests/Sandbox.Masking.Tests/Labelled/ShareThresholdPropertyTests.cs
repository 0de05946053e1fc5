using FsCheck.Xunit;
using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Labelled;

/// <summary>Issue 13: any valid value of any entity, whole or embedded, at any share ≥ the threshold protects its column.</summary>
public sealed class ShareThresholdPropertyTests
{
    private static readonly string[] Fillers = ["无", "未知", "", "-", "暂无", "不详", "N/A"];

    [Property(MaxTest = 300)]
    public void Classify_ValidValuesAtTheThreshold_ProtectTheColumn(int seed)
    {
        var random = new Random(seed);
        var s = new Synthetic(seed);
        var generators = new (string Entity, Func<string> Value)[]
        {
            (Entities.ResidentId, s.ResidentId), (Entities.ResidentId, s.LegacyResidentId), (Entities.Mobile, s.Mobile),
            (Entities.Landline, s.Landline), (Entities.BankCard, () => s.BankCard(16 + random.Next(4))), (Entities.Email, s.Email),
            (Entities.IpAddress, s.IPv4), (Entities.Passport, s.Passport), (Entities.LicensePlate, s.LicensePlate),
            (Entities.Address, s.Address), (Entities.PersonName, s.ChineseName),
        };
        var (entity, value) = generators[random.Next(generators.Length)];
        var embedded = entity is not Entities.PersonName and not Entities.Address && random.Next(3) == 0;
        var rows = random.Next(1, 1500);
        var fillers = Enumerable.Range(0, rows).Select(_ => (string?)Fillers[random.Next(Fillers.Length)]).ToList();
        var nonEmptyFillers = fillers.Count(f => f!.Length > 0);
        // The threshold over the non-empty values the column will have; names need two to tell them from a brand.
        var count = 1;
        while (count < Math.Max(entity == Entities.PersonName ? 2 : 1, ColumnClassifier.ProtectedMinimum(nonEmptyFillers + count)))
        {
            count++;
        }

        var values = fillers;
        for (var i = 0; i < count; i++)
        {
            var v = value();
            values.Insert(random.Next(values.Count + 1), embedded ? $"客户来电，号码{v}，请回访" : v);
        }

        var result = ColumnClassifier.Classify("c" + random.Next(100), values);

        Assert.True(result.Level >= 3, $"{entity} ×{count} of {values.Count} (embedded: {embedded}) → {result}");
    }
}
