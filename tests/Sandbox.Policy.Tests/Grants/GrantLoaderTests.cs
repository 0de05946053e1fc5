using Sandbox.Documents;
using Sandbox.Policy.Grants;

namespace Sandbox.Policy.Tests.Grants;

public sealed class GrantLoaderTests
{
    private const string File = "policies/grants/nj-credit-2026.yaml";

    private static PolicyDocumentException LoadInvalid(string yaml) =>
        Assert.Throws<PolicyDocumentException>(() => GrantLoader.Load(File, yaml, TestCatalog.Instance));

    private static PolicyError Single(PolicyDocumentException exception, string field)
    {
        var error = Assert.Single(exception.Errors, e => e.Field == field);
        Assert.Equal(File, error.File);
        return error;
    }

    [Fact]
    public void Load_ExportSection_IsKeptForTheExportGate()
    {
        var grant = GrantLoader.Load(File, GrantDocuments.Valid + "\nexport:\n  threshold: 20\n  dominance: { nk: 80 }\n", TestCatalog.Instance);

        Assert.Contains("threshold: 20", grant.ExportLimits, StringComparison.Ordinal);
        Assert.Contains("nk: 80", grant.ExportLimits, StringComparison.Ordinal);
        Assert.Null(GrantLoader.Load(File, GrantDocuments.Valid, TestCatalog.Instance).ExportLimits);
    }

    [Fact]
    public void Load_ExportThatIsNotAMapping_IsNamed()
    {
        var error = Single(LoadInvalid(GrantDocuments.Valid + "\nexport: 20\n"), "export");

        Assert.Contains("mapping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValidDocument_ReadsEveryField()
    {
        var grant = GrantLoader.Load(File, GrantDocuments.Valid, TestCatalog.Instance);

        Assert.Equal("nj-credit-2026", grant.Id);
        Assert.Equal(new OperatorInfo("zijin-credit", "紫金征信有限公司", false), grant.Operator);
        Assert.Equal("comprehensive", grant.Zone);
        Assert.Equal("SME credit evaluation", grant.Scenario);
        Assert.Equal(new GrantPeriod(new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31)), grant.Period);
        Assert.Equal(new DateOnly(2025, 12, 20), grant.AgreementSigned);
        Assert.Equal(GrantState.Active, grant.InitialState);
        Assert.Equal(File, grant.SourceFile);

        var registry = grant.Datasets["enterprise_registry"];
        Assert.Equal(["uscc", "district", "industry", "registered_capital", "legal_rep_id"], registry.Columns);
        Assert.Equal("tokenize", registry.Masking["legal_rep_id"]);
        Assert.Equal("join-only", registry.Constraints["legal_rep_id"]);
        Assert.Equal("aggregate-only", registry.Constraints["registered_capital"]);
        Assert.Equal("keep-first-6-last-4", grant.Datasets["residents"].Masking["resident_id"]);
        Assert.Equal(["gender"], grant.Consent["residents"]);
    }

    [Fact]
    public void Load_ValidDocument_HashesTheUtf8Text()
    {
        var grant = GrantLoader.Load(File, GrantDocuments.Valid, TestCatalog.Instance);

        var expected = Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(GrantDocuments.Valid)));
        Assert.Equal(expected, grant.DocumentSha256);
        Assert.Matches("^[0-9a-f]{64}$", grant.DocumentSha256);
    }

    [Fact]
    public void Load_NoAgreement_StartsApplied()
    {
        var yaml = GrantDocuments.Valid.Replace("agreement: { signed: 2025-12-20 }\n", string.Empty);

        var grant = GrantLoader.Load(File, yaml, TestCatalog.Instance);

        Assert.Null(grant.AgreementSigned);
        Assert.Equal(GrantState.Applied, grant.InitialState);
    }

    [Fact]
    public void Load_IndustryZone_IsAccepted()
    {
        var yaml = GrantDocuments.Valid.Replace("zone: comprehensive", "zone: industry:finance");

        Assert.Equal("industry:finance", GrantLoader.Load(File, yaml, TestCatalog.Instance).Zone);
    }

    [Fact]
    public void Load_DatasetNames_AreCaseInsensitive()
    {
        var grant = GrantLoader.Load(File, GrantDocuments.Valid, TestCatalog.Instance);

        Assert.True(grant.Datasets.ContainsKey("Enterprise_Registry"));
        Assert.True(grant.Datasets["residents"].Grants("GENDER"));
    }

    [Fact]
    public void Load_UnknownKey_NamesKeyAndLine()
    {
        var yaml = GrantDocuments.Valid.Replace("zone: comprehensive", "zone: comprehensive\nzones: x");

        var error = Single(LoadInvalid(yaml), "zones");

        Assert.Equal(4, error.Line);
        Assert.Contains("unknown key 'zones'", error.Message);
    }

    [Fact]
    public void Load_UnknownNestedKey_NamesDottedField()
    {
        var yaml = GrantDocuments.Valid.Replace("foreign: false }", "foreign: false, country: cn }");

        var error = Single(LoadInvalid(yaml), "operator.country");

        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Load_MissingRequiredField_NamesField()
    {
        var yaml = GrantDocuments.Valid.Replace("scenario: SME credit evaluation\n", string.Empty);

        var error = Single(LoadInvalid(yaml), "scenario");

        Assert.Equal("is required", error.Message);
    }

    [Fact]
    public void Load_QuotedEmptyRequiredValue_IsRefused()
    {
        var yaml = GrantDocuments.Valid.Replace("scenario: SME credit evaluation", "scenario: \"  \"");

        var error = Single(LoadInvalid(yaml), "scenario");

        Assert.Equal(4, error.Line);
        Assert.Equal("must not be empty", error.Message);
    }

    [Fact]
    public void Load_PeriodEndsBeforeItStarts_PointsAtPeriodTo()
    {
        var yaml = GrantDocuments.Valid.Replace("to: 2027-12-31", "to: 2025-12-31");

        var error = Single(LoadInvalid(yaml), "period.to");

        Assert.Equal(5, error.Line);
        Assert.Contains("before it starts", error.Message);
    }

    [Theory]
    [InlineData("2027-02-30")]
    [InlineData("31/12/2027")]
    [InlineData("2027-12-31T00:00")]
    public void Load_InvalidDate_NamesFieldAndValue(string date)
    {
        var yaml = GrantDocuments.Valid.Replace("to: 2027-12-31", $"to: {date}");

        var error = Single(LoadInvalid(yaml), "period.to");

        Assert.Contains($"expected a date as yyyy-MM-dd, found '{date}'", error.Message);
    }

    [Fact]
    public void Load_ForeignNotBoolean_IsWrongType()
    {
        var yaml = GrantDocuments.Valid.Replace("foreign: false", "foreign: maybe");

        var error = Single(LoadInvalid(yaml), "operator.foreign");

        Assert.Contains("expected true or false", error.Message);
    }

    [Fact]
    public void Load_MappingWhereValueExpected_IsWrongType()
    {
        var yaml = GrantDocuments.Valid.Replace("scenario: SME credit evaluation", "scenario: { a: b }");

        Assert.Contains("expected a single value, found a mapping", Single(LoadInvalid(yaml), "scenario").Message);
    }

    [Fact]
    public void Load_InvalidZone_IsRefused()
    {
        var yaml = GrantDocuments.Valid.Replace("zone: comprehensive", "zone: everywhere");

        Assert.Contains("found 'everywhere'", Single(LoadInvalid(yaml), "zone").Message);
    }

    [Fact]
    public void Load_UnknownDataset_NamesDatasetAndLine()
    {
        var yaml = GrantDocuments.Valid.Replace("  residents:\n    columns", "  vehicles:\n    columns");

        var errors = LoadInvalid(yaml).Errors;

        var error = Assert.Single(errors, e => e.Field == "datasets.vehicles");
        Assert.Equal(12, error.Line);
        Assert.Equal("unknown dataset 'vehicles'", error.Message);
    }

    [Fact]
    public void Load_UnknownColumn_PointsAtTheColumn()
    {
        var yaml = GrantDocuments.Valid.Replace("columns: [uscc, district,", "columns: [uscc, shoe_size, district,");

        var error = Single(LoadInvalid(yaml), "datasets.enterprise_registry.columns");

        Assert.Equal(9, error.Line);
        Assert.Equal("unknown column 'shoe_size' of dataset enterprise_registry", error.Message);
    }

    [Fact]
    public void Load_MaskingOfColumnNotGranted_IsRefused()
    {
        var yaml = GrantDocuments.Valid.Replace("masking: { legal_rep_id: tokenize }", "masking: { legal_rep_mobile: mask }");

        var error = Single(LoadInvalid(yaml), "datasets.enterprise_registry.masking.legal_rep_mobile");

        Assert.Equal(10, error.Line);
        Assert.Contains("not among this dataset's granted columns", error.Message);
    }

    [Theory]
    [InlineData("constraints: { legal_rep_id: hidden, registered_capital: aggregate-only }", "datasets.enterprise_registry.constraints.legal_rep_id", "hidden")]
    [InlineData("masking: { legal_rep_id: scramble }", "datasets.enterprise_registry.masking.legal_rep_id", "scramble")]
    [InlineData("masking: { legal_rep_id: keep-first-x-last-4 }", "datasets.enterprise_registry.masking.legal_rep_id", "keep-first-x-last-4")]
    public void Load_UnknownRuleWord_NamesColumnAndWord(string replacement, string field, string word)
    {
        var original = replacement.StartsWith("constraints", StringComparison.Ordinal)
            ? "constraints: { legal_rep_id: join-only, registered_capital: aggregate-only }"
            : "masking: { legal_rep_id: tokenize }";
        var yaml = GrantDocuments.Valid.Replace(original, replacement);

        Assert.Contains($"found '{word}'", Single(LoadInvalid(yaml), field).Message);
    }

    [Fact]
    public void Load_ConsentForColumnNotGranted_IsRefused()
    {
        var yaml = GrantDocuments.Valid.Replace("residents: [gender]", "residents: [gender, mobile]");

        var error = Single(LoadInvalid(yaml), "consent.residents");

        Assert.Equal(16, error.Line);
        Assert.Contains("'mobile'", error.Message);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsAllAtOnceInLineOrder()
    {
        const string yaml = """
            id: nj-credit-2026
            operator: { id: zijin-credit, name: 紫金征信有限公司, foreign: nope }
            zone: somewhere
            period: { from: 2026-01-01, to: 2025-01-01 }
            colour: blue
            datasets:
              enterprise_registry:
                columns: [uscc, shoe_size]
                constraints: { uscc: secret }
              vehicles:
                columns: [plate]
            """;

        var exception = LoadInvalid(yaml);

        Assert.Equal(
            [
                (2, "operator.foreign"),
                (3, "zone"),
                (4, "period.to"),
                (5, "colour"),
                (8, "datasets.enterprise_registry.columns"),
                (9, "datasets.enterprise_registry.constraints.uscc"),
                (10, "datasets.vehicles"),
            ],
            exception.Errors.Where(e => e.Field != "scenario").Select(e => (e.Line, e.Field)));
        Assert.Contains(exception.Errors, e => e.Field == "scenario" && e.Message == "is required");
        Assert.All(exception.Errors, e => Assert.Equal(File, e.File));
        Assert.Equal(exception.Errors.Select(e => e.ToString()), exception.Message.Split('\n'));
    }

    [Fact]
    public void Load_SyntaxError_ReportsTheYamlLine()
    {
        const string yaml = "id: nj-credit-2026\nzone: [comprehensive\nscenario: x\n";

        var error = Assert.Single(LoadInvalid(yaml).Errors);

        Assert.Equal("yaml", error.Field);
        Assert.InRange(error.Line, 2, 3);
        Assert.StartsWith("invalid YAML", error.Message);
    }

    [Fact]
    public void Load_DuplicateKey_IsAnError()
    {
        var yaml = GrantDocuments.Valid + "\nid: other\n";

        var error = Assert.Single(LoadInvalid(yaml).Errors);

        Assert.Equal("yaml", error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing here\n")]
    [InlineData("- a\n- b\n")]
    public void Load_NotAMapping_IsAnError(string yaml)
    {
        var error = Assert.Single(LoadInvalid(yaml).Errors);

        Assert.Equal("document", error.Field);
    }
}
