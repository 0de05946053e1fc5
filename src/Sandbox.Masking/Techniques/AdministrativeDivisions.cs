namespace Sandbox.Masking.Techniques;

/// <summary>
/// Finds where an address's administrative units end, from the GB/T 2260 excerpt of
/// <see cref="AdministrativeDivisionTable"/>: province, prefecture, county-level unit, never anything below.
/// </summary>
internal static class AdministrativeDivisions
{
    private sealed record Unit(string Name, string? Province, string? Prefecture);

    private static readonly Unit[] Provinces;
    private static readonly Unit[] Prefectures;
    private static readonly Unit[] Counties;

#pragma warning disable CA1810 // one parse of the table builds all three arrays together
    static AdministrativeDivisions()
#pragma warning restore CA1810
    {
        var provinces = new List<Unit>();
        var prefectures = new List<Unit>();
        var counties = new List<Unit>();
        foreach (var line in AdministrativeDivisionTable.Lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var names = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!provinces.Exists(p => p.Name == names[0]))
            {
                provinces.Add(new Unit(names[0], null, null));
            }

            var prefecture = names.Length > 1 && names[1] != "-" ? names[1] : null;
            if (prefecture is not null)
            {
                prefectures.Add(new Unit(prefecture, names[0], null));
            }

            counties.AddRange(names.Skip(2).Select(c => new Unit(c, names[0], prefecture)));
        }

        // Longest names first, so 浦东新区 is tried before a shorter unit that prefixes it.
        Provinces = [.. provinces.OrderByDescending(u => u.Name.Length)];
        Prefectures = [.. prefectures.OrderByDescending(u => u.Name.Length)];
        Counties = [.. counties.OrderByDescending(u => u.Name.Length)];
    }

    /// <summary>The index just past the deepest unit (at most county level) that <paramref name="address"/> starts with, or -1.</summary>
    public static int CountyEnd(ReadOnlySpan<char> address)
    {
        var at = 0;
        var end = -1;

        // 1. Province, written in full (江苏省) or without its unit (江苏).
        string? province = null;
        foreach (var p in Provinces)
        {
            var length = Prefix(address, p.Name, allowShort: true);
            if (length > 0)
            {
                province = p.Name;
                at = end = length;
                break;
            }
        }

        // 2. Prefecture of that province (or of any, when none was written).
        string? prefecture = null;
        foreach (var c in Prefectures)
        {
            if ((province is null || c.Province == province) && Prefix(address[at..], c.Name, allowShort: false) is > 0 and var length)
            {
                prefecture = c.Name;
                province ??= c.Province;
                at = end = at + length;
                break;
            }
        }

        // 3. County-level unit of that prefecture, or of the province (municipalities), or of any.
        foreach (var c in Counties)
        {
            var fits = prefecture is not null ? c.Prefecture == prefecture : province is null || c.Province == province;
            if (fits && address[at..].StartsWith(c.Name, StringComparison.Ordinal))
            {
                return at + c.Name.Length;
            }
        }

        return end;
    }

    // The length of name (or of name without its last unit char, 江苏省 → 江苏) at the start of text, or 0.
    private static int Prefix(ReadOnlySpan<char> text, string name, bool allowShort)
    {
        if (text.StartsWith(name, StringComparison.Ordinal))
        {
            return name.Length;
        }

        var bare = name.EndsWith("自治区", StringComparison.Ordinal) ? name.AsSpan(0, 2) : name.AsSpan(0, name.Length - 1);
        return allowShort && bare.Length >= 2 && text.StartsWith(bare, StringComparison.Ordinal) && !text[bare.Length..].StartsWith("市") ? bare.Length : 0;
    }
}
