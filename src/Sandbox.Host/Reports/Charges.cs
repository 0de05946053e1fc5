using Sandbox.Policy.Fees;

namespace Sandbox.Host.Reports;

/// <summary>
/// What a usage report costs under a pricing: one line per fee of seed §11, each quantity × unit price rounded to the
/// currency's cent, and their total. The quantities are the report's own figures, so every line can be checked by hand.
/// </summary>
internal sealed record Charges(string Currency, string PricingSha256, IReadOnlyList<Charges.Line> Lines, decimal Total)
{
    /// <summary>One fee: its category (resource-use, data-governance, result-export, model-release, security-services), what is counted, how much, at what price.</summary>
    public sealed record Line(string Category, string Item, decimal Quantity, string Unit, decimal UnitPrice, decimal Amount);

    /// <summary>The charges of <paramref name="report"/> under <paramref name="pricing"/>.</summary>
    public static Charges Of(UsageReport report, Pricing pricing, string pricingSha256)
    {
        const decimal Gib = 1L << 30;
        var t = report.Total;
        Line[] lines =
        [
            Charge("resource-use", "CPU time", Quantity((decimal)t.CpuSeconds / 3600m), "CPU hour", pricing.CpuHour),
            Charge("resource-use", "memory", Quantity((decimal)t.MemoryGibHours), "GiB hour", pricing.MemoryGibHour),
            Charge("data-governance", "data staged", Quantity(t.ReadBytes / Gib), "GiB", pricing.StagedGib),
            Charge("result-export", "export requests", report.Exports.Requests, "request", pricing.ExportRequest),
            Charge("result-export", "results released", report.Exports.ResultReleases, "release", pricing.ExportRelease),
            Charge("result-export", "bytes released", Quantity(report.Exports.ReleasedBytes / Gib), "GiB", pricing.ReleasedGib),
            Charge("model-release", "models released", report.Exports.ModelReleases, "release", pricing.ModelRelease),
            Charge("security-services", "days with a grant in force", report.SecurityDays, "day", pricing.SecurityDay),
        ];
        return new Charges(pricing.Currency, pricingSha256, lines, lines.Sum(l => l.Amount));
    }

    /// <summary>A metered quantity to six decimals: enough for a second of CPU or a kilobyte, and stable in JSON.</summary>
    private static decimal Quantity(decimal value) => decimal.Round(value, 6, MidpointRounding.AwayFromZero);

    private static Line Charge(string category, string item, decimal quantity, string unit, decimal price) =>
        new(category, item, quantity, unit, price, decimal.Round(quantity * price, 2, MidpointRounding.AwayFromZero));
}
