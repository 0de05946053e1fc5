namespace Sandbox.Host.Tests.Backends;

public sealed class InProcessSqlJobTests(InProcessSqlJobTests.City city) : SqlJobSuite(city.Home), IClassFixture<InProcessSqlJobTests.City>
{
    public sealed class City : IDisposable
    {
        public TestHome Home { get; } = new TestHome().WithCity();
        public void Dispose() => Home.Dispose();
    }

    protected override string Backend => "inprocess";

    [Fact]
    public void Run_KnownAggregate_GivesTheKnownCounts() => AssertKnownAggregate();

    [Fact]
    public void Run_FailingQuery_FailsWithAReason() => AssertFailingQuery();

    [Fact]
    public void Run_FailingQuery_ReasonCarriesNoValues() => AssertErrorsCarryNoValues();

    [Fact]
    public void Run_AggregateWithEvidence_WritesEvidenceOwnerOnly() => AssertEvidenceIsOwnerOnly();

    [Fact]
    public void Run_QueriesReadingKeysOrTheHome_GetNothing() => AssertKeysOutOfReach();

    [Fact]
    public void Run_QueriesReadingSettings_SeeNoServerPath() => AssertSettingsShowNoServerPath();
}
