namespace Sandbox.Policy.Training;

/// <summary>A principal completed the platform's security and compliance training (seed §6).</summary>
/// <param name="Principal">The principal's id.</param>
/// <param name="Course">The course.</param>
/// <param name="Completed">The day it was completed.</param>
/// <param name="ValidUntil">The last day it counts.</param>
public sealed record TrainingRecord(string Principal, string Course, DateOnly Completed, DateOnly ValidUntil)
{
    /// <summary>How long a record counts unless a document or command says otherwise: one year.</summary>
    public const int DefaultValidityDays = 365;

    /// <summary>True when the record counts on <paramref name="day"/>.</summary>
    public bool IsValidOn(DateOnly day) => day >= Completed && day <= ValidUntil;
}
