using Sandbox.Masking.Detection;
using Sandbox.Masking.Rules;
using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Rules;

public sealed class MaskingRuleDocumentTests
{
    private const string Valid = """
        levels: { 4: tokenize }
        entities:
          cn_mobile: tokenize
          address: district
        datasets:
          residents:
            birth_date: { technique: date-shift, days: 30, subject: resident_id }
            income: noise-5%
            age: { technique: age-band, width: 10, top: 80 }
            mobile: keep-first-3-last-4
            name: keep
            district: keep
        consent: [residents.name]
        """;

    private static MaskingRuleDocument Document()
    {
        var parse = MaskingRuleDocument.Parse(Valid, "rules.yaml");
        Assert.Empty(parse.Errors);
        return parse.Document!;
    }

    [Fact]
    public void Resolve_ColumnRule_WinsOverEntityAndLevel()
    {
        var decision = Document().Resolve("residents", "age", null, 3);

        Assert.True(decision.Allowed);
        Assert.Equal(Generalization.AgeBand, decision.Rule!.Generalization);
        Assert.Equal(80, decision.Rule.Top);
        Assert.Equal("rules.yaml:9: datasets.residents.age", decision.Source);
    }

    [Fact]
    public void Resolve_EntityRule_AppliesToAnyColumnOfTheEntity()
    {
        var decision = Document().Resolve("other", "phone", Entities.Mobile, 3);

        Assert.Equal(Technique.Tokenize, decision.Rule!.Technique);
    }

    [Fact]
    public void Resolve_NoRule_BuiltInDefault()
    {
        var decision = Document().Resolve("other", "mail", Entities.Email, 3);

        Assert.Equal(MaskingDefaults.For(Entities.Email, 3), decision.Rule);
    }

    [Fact]
    public void Resolve_WeakerWithoutConsent_RefusedNamingFileLineField()
    {
        var decision = Document().Resolve("residents", "district", Entities.Address, 3);

        Assert.False(decision.Allowed);
        Assert.StartsWith("rules.yaml:12: datasets.residents.district:", decision.Refusal);
    }

    [Fact]
    public void Resolve_WeakerWithConsent_Allowed()
    {
        Assert.Equal(Technique.Keep, Document().Resolve("residents", "name", Entities.PersonName, 3).Rule!.Technique);
    }

    [Fact]
    public void Resolve_EntityRuleWeakerThanDefault_Refused()
    {
        var parse = MaskingRuleDocument.Parse("entities: { date_of_birth: month }", "r.yaml");

        Assert.StartsWith("r.yaml:1: entities.date_of_birth:", parse.Document!.Resolve("t", "dob", Entities.DateOfBirth, 3).Refusal);
    }

    [Fact]
    public void Resolve_DateShiftWithoutSubject_Refused()
    {
        var parse = MaskingRuleDocument.Parse("datasets: { t: { d: date-shift-10 } }", "r.yaml");

        Assert.False(parse.Document!.Resolve("t", "d", null, 3).Allowed);
    }

    [Fact]
    public void Parse_BadDocument_CollectsEveryErrorWithLineAndField()
    {
        const string yaml = """
            levels: { 3: keep }
            entities: { shoe_size: tokenize }
            datasets:
              t:
                a: scramble
                b: { technique: noise, scale: 7 }
            colour: blue
            """;

        var parse = MaskingRuleDocument.Parse(yaml, "bad.yaml");

        Assert.Null(parse.Document);
        Assert.Collection(
            parse.Errors,
            e => Assert.StartsWith("bad.yaml:1: levels.3:", e),
            e => Assert.StartsWith("bad.yaml:2: entities.shoe_size:", e),
            e => Assert.StartsWith("bad.yaml:5: datasets.t.a:", e),
            e => Assert.StartsWith("bad.yaml:6: datasets.t.b.scale:", e),
            e => Assert.StartsWith("bad.yaml:7: colour:", e));
    }

    [Fact]
    public void Parse_AMistypedTopKey_NamesTheNearestOne()
    {
        var parse = MaskingRuleDocument.Parse("entites:\n  mobile: tokenize\n", "m.yaml");

        Assert.Equal(["m.yaml:1: entites: unknown key 'entites' (did you mean 'entities'? expected levels, entities, datasets, consent)"], parse.Errors);
    }

    [Fact]
    public void Parse_Syntax_ErrorNamesLine()
    {
        var parse = MaskingRuleDocument.Parse("datasets:\n  t: [unclosed\n", "s.yaml");

        Assert.Single(parse.Errors);
        Assert.StartsWith("s.yaml:", parse.Errors[0]);
    }

    [Fact]
    public void Load_PublishedExample_ParsesWithoutErrors()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Sandbox.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var parse = MaskingRuleDocument.Load(Path.Combine(root, "policies", "masking", "residents.yaml"));

        Assert.Empty(parse.Errors);
        Assert.Equal("resident_id", parse.Document!.Resolve("residents", "birth_date", Entities.DateOfBirth, 3).Rule!.Subject);
    }
}
