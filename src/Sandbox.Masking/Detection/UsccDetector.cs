namespace Sandbox.Masking.Detection;

/// <summary>
/// Unified social credit codes (GB 32100): 18 upper-case symbols of the 31-symbol alphabet, a registration
/// authority code, a category digit, a 6-digit division code, and a correct check char.
/// </summary>
internal sealed class UsccDetector : IDetector
{
    public string Entity => Entities.Uscc;

    public int DefaultLevel => 1;

    public bool Matches(ReadOnlySpan<char> value) =>
        value.Length == 18
        && IsRegistrationAuthority(value[0])
        && value[1] is >= '1' and <= '9'
        && ChineseRegions.AreDigits(value.Slice(2, 6))
        && CheckDigits.TryUscc(value[..17], out var check)
        && value[17] == check;

    // GB 32100 authorities: 1–9 (organization staffing, foreign affairs, justice, culture, civil affairs,
    // tourism, religion, trade unions, market regulation), A (military staffing), N (agriculture), Y (other).
    private static bool IsRegistrationAuthority(char c) => c is (>= '1' and <= '9') or 'A' or 'N' or 'Y';
}
