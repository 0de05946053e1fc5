using Sandbox.Policy.Calendar;
using Sandbox.Policy.Grants;

namespace Sandbox.Policy.Lifecycle;

/// <summary>What a lifecycle decision needs to know besides the state.</summary>
/// <param name="GrantId">The grant's id, for reasons.</param>
/// <param name="Today">The day of the action, in the domain's calendar.</param>
/// <param name="Period">The grant's period.</param>
/// <param name="PublicizedOn">The day publicity began, when it has.</param>
/// <param name="Calendar">The working calendar that counts publicity days.</param>
public sealed record LifecycleFacts(string GrantId, DateOnly Today, GrantPeriod Period, DateOnly? PublicizedOn, WorkingCalendar Calendar);
