using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Techniques;

/// <summary>Addresses coarsened to their district.</summary>
public static class AddressGeneralization
{
    /// <summary>
    /// The leading administrative units of <paramref name="address"/> up to its district (江苏省南京市江宁区), or
    /// empty when no district-level unit is found: an address that cannot be cut is hidden whole, never kept.
    /// </summary>
    public static ReadOnlySpan<char> District(ReadOnlySpan<char> address)
    {
        var end = AddressDetector.DistrictEnd(address);
        return end < 0 ? default : address[..end];
    }
}
