namespace Sandbox.Masking.Techniques;

/// <summary>Addresses coarsened to their county-level unit, by the GB/T 2260 administrative-division table.</summary>
public static class AddressGeneralization
{
    /// <summary>
    /// The leading administrative units of <paramref name="address"/> down to its county-level unit
    /// (江苏省南京市江宁区, 中山市, 湖北省宜昌市长阳土家族自治县), never a town, street or estate below it; empty when
    /// no unit of the table leads the address: an address that cannot be cut is hidden whole, never kept.
    /// </summary>
    public static ReadOnlySpan<char> District(ReadOnlySpan<char> address)
    {
        var end = AdministrativeDivisions.CountyEnd(address);
        return end <= 0 ? default : address[..end];
    }
}
