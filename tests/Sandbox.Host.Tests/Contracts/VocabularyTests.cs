using System.Text.Json;
using Sandbox.Contracts;
using Sandbox.Contracts.Evidence;
using Sandbox.Contracts.Jobs;
using Sandbox.Contracts.Principals;
using Sandbox.Export.Review;
using Sandbox.Host.Home;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Tests.Contracts;

/// <summary>Each vocabulary names every value once, reads back what it writes, and agrees with the CLI's and the API's JSON.</summary>
public sealed class VocabularyTests
{
    [Fact]
    public void JobStates_RoundTrip_AndMatchTheJsonContract() => RoundTrips(JobStates.Vocabulary);

    [Fact]
    public void GrantStates_RoundTrip_AndMatchTheJsonContract() => RoundTrips(GrantStates.Vocabulary);

    [Fact]
    public void ExportStates_RoundTrip_AndMatchTheJsonContract() => RoundTrips(ExportStates.Vocabulary);

    [Fact]
    public void Roles_RoundTrip_AndMatchTheJsonContract() => RoundTrips(Roles.Vocabulary);

    [Fact]
    public void EvidenceRoles_RoundTrip_AndMatchTheJsonContract() => RoundTrips(EvidenceRoles.Vocabulary);

    [Fact]
    public void UnknownName_FailsNamingWhatIsExpected()
    {
        var error = Assert.Throws<FormatException>(() => JobStates.Parse("done"));

        Assert.Equal("unknown job state 'done' (expected queued, staging, running, succeeded, failed, killed, cancelled)", error.Message);
        Assert.False(JobStates.Vocabulary.TryParse("Succeeded", out _)); // names are exact
    }

    [Fact]
    public void Vocabulary_MissingAValue_CannotBeBuilt()
    {
        Assert.Throws<ArgumentException>(() => new Vocabulary<JobState>("job state", new Dictionary<JobState, string> { [JobState.Queued] = "queued" }));
    }

    [Fact]
    public void ActiveJobStates_AreExactlyTheUnended()
    {
        Assert.Equal(Enum.GetValues<JobState>().Where(s => s.IsActive()), JobStates.Active);
        Assert.Equal([ExportState.Released, ExportState.Rejected, ExportState.Withdrawn], Enum.GetValues<ExportState>().Where(s => s.IsFinal()));
    }

    [Fact]
    public void ExportStateNumbers_AreThoseOlderAuditEntriesCarry()
    {
        // Audit entries written before states were named carry numbers; removing the never-used Requested (0) kept them.
        Assert.Equal(2, (int)ExportState.TechnicalApproved);
        Assert.Equal(4, (int)ExportState.Approved);
        Assert.Equal(8, (int)ExportState.Withdrawn);
    }

    private static void RoundTrips<T>(Vocabulary<T> vocabulary) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            var name = vocabulary.Name(value);
            Assert.Equal(value, vocabulary.Parse(name));
            Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(value, Jsons.Options));
            Assert.Equal(value, JsonSerializer.Deserialize<T>($"\"{name}\"", Jsons.Options));
        }
        Assert.Equal(Enum.GetValues<T>().Length, vocabulary.Names.Distinct(StringComparer.Ordinal).Count());
    }
}
