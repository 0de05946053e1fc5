using System.Globalization;
using Sandbox.Documents;

namespace Sandbox.Policy.Fees;

/// <summary>
/// The platform's fees (seed §11: operators bear the cost of resource consumption, data governance, model release,
/// result export and security services), as the bureau's <c>policies/pricing.yaml</c> sets them. Every price is per
/// unit of something metered, so a charge is always quantity × price and can be checked by hand.
/// </summary>
/// <param name="Currency">The currency of every price (ISO 4217, e.g. CNY).</param>
/// <param name="CpuHour">Resource use: per CPU hour.</param>
/// <param name="MemoryGibHour">Resource use: per GiB of peak memory held for an hour of wall time.</param>
/// <param name="StagedGib">Data governance (masking and staging granted data): per GiB staged for jobs.</param>
/// <param name="ExportRequest">Result export: per export request checked by the gate.</param>
/// <param name="ExportRelease">Result export: per result released (other than a model).</param>
/// <param name="ReleasedGib">Result export: per GiB released.</param>
/// <param name="ModelRelease">Model release: per model released.</param>
/// <param name="SecurityDay">Security services: per day the operator holds a grant in force.</param>
public sealed record Pricing(
    string Currency, decimal CpuHour, decimal MemoryGibHour, decimal StagedGib, decimal ExportRequest, decimal ExportRelease,
    decimal ReleasedGib, decimal ModelRelease, decimal SecurityDay)
{
    /// <summary>Parses a pricing document; bad input throws <see cref="PolicyDocumentException"/> naming the line and field.</summary>
    public static Pricing Parse(string file, string yaml)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(yaml);
        var (doc, errors) = DocumentParser.OpenRoot(file, yaml, "pricing");
        var root = doc.Reader("pricing", required: true, "currency", "resource-use", "data-governance", "result-export", "model-release", "security-services");
        string? currency = null;
        decimal cpu = 0, memory = 0, staged = 0, request = 0, release = 0, releasedGib = 0, model = 0, day = 0;
        if (root is not null)
        {
            currency = root.String("currency", required: true);
            if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
            {
                errors.Add(root.Value("currency", false)!, root.PathOf("currency"), $"expected a three-letter currency code such as CNY, found '{currency}'");
            }
            var resource = root.Reader("resource-use", required: true, "cpu-hour", "memory-gib-hour");
            var governance = root.Reader("data-governance", required: true, "staged-gib");
            var export = root.Reader("result-export", required: true, "request", "release", "released-gib");
            var models = root.Reader("model-release", required: true, "release");
            var security = root.Reader("security-services", required: true, "day");
            cpu = Price(resource, "cpu-hour");
            memory = Price(resource, "memory-gib-hour");
            staged = Price(governance, "staged-gib");
            request = Price(export, "request");
            release = Price(export, "release");
            releasedGib = Price(export, "released-gib");
            model = Price(models, "release");
            day = Price(security, "day");
        }
        errors.ThrowIfAny();
        return new Pricing(currency!, cpu, memory, staged, request, release, releasedGib, model, day);
    }

    /// <summary>A price: a number of at least zero with at most two decimals (the currency's smallest unit).</summary>
    private static decimal Price(MappingReader? section, string key)
    {
        if (section?.String(key, required: true) is not { } text) return 0;
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && decimal.Round(value, 2) == value)
        {
            return value;
        }
        section.Errors.Add(section.Value(key, false)!, section.PathOf(key), $"expected a price of zero or more with at most two decimals, found '{text}'");
        return 0;
    }
}
