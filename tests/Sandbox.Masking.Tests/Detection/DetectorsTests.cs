using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class DetectorsTests
{
    [Fact]
    public void All_EntityNames_AreContractNamesAndUnique()
    {
        var names = Detectors.All.Select(d => d.Entity).ToList();

        Assert.All(names, name => Assert.Contains(name, Entities.All));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void All_DefaultLevels_AgreeWithEntities()
    {
        Assert.All(Detectors.All, d => Assert.Equal(Entities.DefaultLevel(d.Entity), d.DefaultLevel));
    }

    [Fact]
    public void All_Types_AreInternalSealed()
    {
        Assert.All(Detectors.All, d => Assert.True(d.GetType().IsSealed && !d.GetType().IsPublic, d.GetType().Name));
    }

    [Theory]
    [InlineData("11010519491231002X", Entities.ResidentId)]
    [InlineData("91350100M000100Y43", Entities.Uscc)]
    [InlineData("4111111111111111", Entities.BankCard)]
    [InlineData("138 0013 8000", Entities.Mobile)]
    [InlineData("010-62345678", Entities.Landline)]
    [InlineData("someone@example.com", Entities.Email)]
    [InlineData("192.0.2.1", Entities.IpAddress)]
    public void FirstMatch_KnownValue_ReturnsItsDetector(string value, string entity)
    {
        Assert.Equal(entity, Detectors.FirstMatch(value)?.Entity);
    }

    [Theory]
    [InlineData("")]
    [InlineData("玄武区")]
    [InlineData("南京紫金科技有限公司")]
    [InlineData("12345678901")]
    [InlineData("2026-01-01")]
    [InlineData("N/A")]
    public void FirstMatch_Unrecognized_ReturnsNull(string value)
    {
        Assert.Null(Detectors.FirstMatch(value));
    }

    [Fact]
    public void For_EntityWithDetector_ReturnsIt()
    {
        Assert.Equal(Entities.Mobile, Detectors.For(Entities.Mobile)?.Entity);
        Assert.Equal(Entities.PersonName, Detectors.For(Entities.PersonName)?.Entity); // contextual, not in All
        Assert.DoesNotContain(Detectors.All, d => d.Entity is Entities.PersonName or Entities.DateOfBirth);
        Assert.Null(Detectors.For(Entities.FreeTextPii));
    }

    [Fact]
    public void Entities_DefaultLevel_FollowsTheIssue()
    {
        Assert.Equal(4, Entities.DefaultLevel(Entities.ResidentId));
        Assert.Equal(4, Entities.DefaultLevel(Entities.Passport));
        Assert.Equal(3, Entities.DefaultLevel(Entities.PersonName));
        Assert.Equal(1, Entities.DefaultLevel(Entities.Uscc));
        Assert.Equal(1, Entities.DefaultLevel(null));
        Assert.Equal(1, Entities.DefaultLevel("no_such_entity"));
    }

    [Fact]
    public void Matches_AllDetectors_DoNotAllocate()
    {
        string[] values = ["11010519491231002X", "91350100M000100Y43", "4111111111111111", "+86 138 0013 8000",
            "010-62345678", "someone@example.com", "192.0.2.1", "2001:db8::1", "not sensitive"];
        foreach (var value in values)
        {
            Detectors.FirstMatch(value); // warm up static state
        }

        var detectors = Detectors.All;
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var value in values)
        {
            for (var i = 0; i < detectors.Count; i++) // foreach over the interface would box an enumerator
            {
                detectors[i].Matches(value);
            }

            Detectors.FirstMatch(value);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
