using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Techniques;

public sealed class DateShifterTests
{
    private static readonly byte[] Master = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void Shift_DatesOfOneSubject_MoveTogether()
    {
        using var shifter = new DateShifter(Master, "g1");
        var subject = new Synthetic(1).ResidentId();
        var a = new DateOnly(2020, 1, 1);
        var b = new DateOnly(2020, 3, 15);

        var interval = shifter.Shift(b, subject, 30).DayNumber - shifter.Shift(a, subject, 30).DayNumber;

        Assert.Equal(b.DayNumber - a.DayNumber, interval);
    }

    [Fact]
    public void ShiftDays_ManySubjects_NonZeroWithinRangeAndVaried()
    {
        using var shifter = new DateShifter(Master, "g1");
        var s = new Synthetic(2);
        var shifts = Enumerable.Range(0, 500).Select(_ => shifter.ShiftDays(s.ResidentId(), 30)).ToList();

        Assert.All(shifts, d => Assert.True(d is >= -30 and <= 30 and not 0, d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(shifts.Distinct().Count() > 40);
    }

    [Fact]
    public void ShiftDaysUtf8_SameSubject_EqualsTextForm()
    {
        using var shifter = new DateShifter(Master, "g1");

        Assert.Equal(shifter.ShiftDays("张三-001", 60), shifter.ShiftDaysUtf8("张三-001"u8, 60));
    }
}
