using System.Text.Json;
using Sandbox.Host.Home;
using Sandbox.Policy.Calendar;
using Sandbox.Policy.Training;

namespace Sandbox.Host.Governance;

/// <summary>Reads the governance documents the store keeps: the working calendar and training records.</summary>
internal static class GovernanceStore
{
    /// <summary>The kind under which the applied calendar is stored.</summary>
    public const string CalendarKind = "calendar";

    /// <summary>The applied working calendar; weekends only when none was applied.</summary>
    public static WorkingCalendar Calendar(SandboxSession session)
    {
        if (session.Store.FindPolicyDocument(CalendarKind) is not { } json)
        {
            return WorkingCalendar.WeekendsOnly;
        }

        var stored = JsonSerializer.Deserialize(json, CalendarJson.Contract.StoredCalendar)!;
        return new WorkingCalendar { Holidays = stored.Holidays.ToHashSet(), MakeUpWorkdays = stored.Workdays.ToHashSet() };
    }

    /// <summary>The calendar as stored: plain lists of days.</summary>
    public static string Serialize(WorkingCalendar calendar) => JsonSerializer.Serialize(
        new StoredCalendar([.. calendar.Holidays.Order()], [.. calendar.MakeUpWorkdays.Order()]), CalendarJson.Contract.StoredCalendar);

    /// <summary>The training records of one principal.</summary>
    public static IReadOnlyList<TrainingRecord> TrainingOf(SandboxSession session, string principal) =>
        [.. session.Store.TrainingOf(principal).Select(t => new TrainingRecord(t.Principal, t.Course, t.Completed, t.ValidUntil))];

    internal sealed record StoredCalendar(IReadOnlyList<DateOnly> Holidays, IReadOnlyList<DateOnly> Workdays);
}

/// <summary>The stored calendar's shape with the contracts' options, generated at compile time.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(GovernanceStore.StoredCalendar))]
internal sealed partial class CalendarJson : System.Text.Json.Serialization.JsonSerializerContext
{
    /// <summary>With <see cref="Jsons.Options"/>, as the calendar was always stored.</summary>
    public static CalendarJson Contract { get; } = new(new JsonSerializerOptions(Jsons.Options));
}
