using Sandbox.Contracts.Time;
namespace Sandbox.Masking.Detection;

/// <summary>
/// A calendar date a living person could be born on: 1900-01-01 up to today (China time), written
/// yyyy-MM-dd, yyyy/MM/dd, yyyy.MM.dd, yyyyMMdd or yyyy年M月d日.
/// </summary>
/// <remarks>
/// Any date column has this shape (registration dates, order dates), so this is contextual evidence: it names a
/// column only next to a header hint (出生日期, csrq, dob) and is not among <see cref="Detectors.All"/>.
/// </remarks>
internal sealed class DateOfBirthDetector(TimeProvider time) : IDetector
{
    public DateOfBirthDetector()
        : this(TimeProvider.System)
    {
    }

    public string Entity => Entities.DateOfBirth;

    public int DefaultLevel => 3;

    public bool Matches(ReadOnlySpan<char> value) =>
        DateText.TryParse(value, out var date)
        && date.Year >= 1900
        && date <= DomainClock.Today(time);
}
