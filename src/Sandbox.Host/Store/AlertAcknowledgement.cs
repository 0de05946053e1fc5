namespace Sandbox.Host.Store;

/// <summary>How an alert was dealt with: by whom, with what note (e.g. "grant suspended", "a reviewer's test"), when.</summary>
internal sealed record AlertAcknowledgement(string By, string Note, DateTimeOffset At);
