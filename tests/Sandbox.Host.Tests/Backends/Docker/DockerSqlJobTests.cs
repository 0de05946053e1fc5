namespace Sandbox.Host.Tests.Backends.Docker;

[Collection("docker")]
public sealed class DockerSqlJobTests(DockerCity city) : SqlJobSuite(city.Home), IClassFixture<DockerCity>
{
    protected override string Backend => "docker";

    [DockerFact]
    public void Run_KnownAggregate_GivesTheKnownCounts() => AssertKnownAggregate();

    [DockerFact]
    public void Run_FailingQuery_FailsWithAReason() => AssertFailingQuery();

    [DockerFact]
    public void Run_FailingQuery_ReasonCarriesNoValues() => AssertErrorsCarryNoValues();

    [DockerFact]
    public void Run_AggregateWithEvidence_WritesEvidenceOwnerOnly() => AssertEvidenceIsOwnerOnly();

    [DockerFact]
    public void Run_QueriesReadingKeysOrTheHome_GetNothing() => AssertKeysOutOfReach();

    [DockerFact]
    public void Run_QueriesReadingSettings_SeeNoServerPath() => AssertSettingsShowNoServerPath();
}
