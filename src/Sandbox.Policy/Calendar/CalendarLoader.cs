using Sandbox.Documents;
using YamlDotNet.RepresentationModel;

namespace Sandbox.Policy.Calendar;

/// <summary>
/// Loads the working calendar (<c>policies/calendar.yaml</c>):
/// <c>calendar: { holidays: [yyyy-MM-dd, …], workdays: [yyyy-MM-dd, …] }</c>, where <c>workdays</c> are make-up working days.
/// </summary>
public static class CalendarLoader
{
    /// <summary>Parses and validates the document.</summary>
    /// <exception cref="PolicyDocumentException">The document is invalid; carries every error found.</exception>
    public static WorkingCalendar Load(string path, string yamlText)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(yamlText);
        var (doc, errors) = DocumentParser.OpenRoot(path, yamlText, "calendar");
        var calendar = doc.Reader("calendar", required: true, "holidays", "workdays");
        var holidays = Days(calendar, "holidays");
        var workdays = Days(calendar, "workdays");
        if (calendar?.Value("workdays", false) is YamlSequenceNode list)
        {
            foreach (var item in list.Children.OfType<YamlScalarNode>())
            {
                if (DateOnly.TryParse(item.Value, System.Globalization.CultureInfo.InvariantCulture, out var day))
                {
                    if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                    {
                        errors.Add(item, "calendar.workdays", $"{day:yyyy-MM-dd} is a {day.DayOfWeek}: make-up working days are weekend days");
                    }

                    if (holidays.Contains(day))
                    {
                        errors.Add(item, "calendar.workdays", $"{day:yyyy-MM-dd} is also listed as a holiday");
                    }
                }
            }
        }

        errors.ThrowIfAny();
        return new WorkingCalendar { Holidays = holidays, MakeUpWorkdays = workdays };
    }

    private static HashSet<DateOnly> Days(MappingReader? reader, string key)
    {
        var days = new HashSet<DateOnly>();
        foreach (var item in reader?.StringList(key, required: false) ?? [])
        {
            if (DateOnly.TryParseExact(item.Value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            {
                if (!days.Add(day))
                {
                    reader!.Errors.Add(item, reader.PathOf(key), $"{day:yyyy-MM-dd} is listed twice");
                }
            }
            else
            {
                reader!.Errors.Add(item, reader.PathOf(key), $"expected a date as yyyy-MM-dd, found '{item.Value}'");
            }
        }

        return days;
    }
}
