using Sandbox.Documents;
using Sandbox.Policy.Calendar;
using Sandbox.Policy.Lifecycle;

namespace Sandbox.Policy.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Repository = CalendarLoader.Load(
        "calendar.yaml", File.ReadAllText(Path.Combine(RepositoryRoot(), "policies", "calendar.yaml")));

    [Theory]
    [InlineData("2026-11-30", "2026-12-04")] // Monday: a plain week
    [InlineData("2026-11-27", "2026-12-03")] // Friday: the weekend does not count
    [InlineData("2026-11-28", "2026-12-04")] // Saturday: counting starts on Monday
    [InlineData("2026-09-30", "2026-10-12")] // National Day: 10-01..10-07 off, Saturday 10-10 a make-up working day
    [InlineData("2026-09-18", "2026-09-23")] // Sunday 09-20 is a make-up working day
    [InlineData("2026-02-12", "2026-02-25")] // Spring Festival 02-15..02-23 off; Saturdays 02-14 and 02-28 worked
    public void PublicityEnds_CountsFiveWorkingDays(string start, string end)
    {
        Assert.Equal(DateOnly.Parse(end), GrantLifecycle.PublicityEnds(DateOnly.Parse(start), Repository));
    }

    [Fact]
    public void Load_MakeUpDayOnAWeekdayAndABadDate_ReportsBoth()
    {
        var ex = Assert.Throws<PolicyDocumentException>(() => CalendarLoader.Load("c.yaml", "calendar:\n  holidays: [2026-13-01]\n  workdays: [2026-11-30]\n"));
        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.Field == "calendar.holidays" && e.Line == 2);
        Assert.Contains(ex.Errors, e => e.Field == "calendar.workdays" && e.Message.Contains("Monday", StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Sandbox.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }
}
