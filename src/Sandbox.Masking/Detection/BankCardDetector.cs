namespace Sandbox.Masking.Detection;

/// <summary>
/// Bank card numbers: 13–19 digits whose first digit is a card-network prefix (3 JCB/Amex, 4 Visa,
/// 5 Mastercard, 6 UnionPay, 9 domestic bank BINs) and whose last digit is the Luhn check digit.
/// </summary>
/// <remarks>
/// Luhn alone lets one random digit string in ten through; the network prefix and the column-level
/// validation rate of <see cref="ColumnClassifier"/> keep order numbers from being taken for cards.
/// </remarks>
internal sealed class BankCardDetector : IDetector
{
    public string Entity => Entities.BankCard;

    public int DefaultLevel => 4;

    public bool Matches(ReadOnlySpan<char> value) =>
        value.Length is >= 13 and <= 19
        && value[0] is '3' or '4' or '5' or '6' or '9'
        && CheckDigits.TryLuhn(value[..^1], out var check)
        && value[^1] == check;
}
