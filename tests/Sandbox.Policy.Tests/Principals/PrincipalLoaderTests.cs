using Sandbox.Contracts.Principals;
using Sandbox.Documents;
using Sandbox.Policy.Principals;

namespace Sandbox.Policy.Tests.Principals;

public sealed class PrincipalLoaderTests
{
    private const string File = "policies/principals.yaml";

    private const string Valid = """
        principals:
          - { id: li.wei, name: 李伟, roles: [operator], operator: zijin-credit }
          - id: zhang.min
            name: 张敏
            roles: [governance, expert]
          - { id: wang.fang, name: 王芳, roles: [bureau] }
          - { id: admin, name: Administrator, roles: [admin, auditor] }
        """;

    private static PolicyDocumentException LoadInvalid(string yaml) =>
        Assert.Throws<PolicyDocumentException>(() => PrincipalLoader.Load(File, yaml));

    [Fact]
    public void Load_ValidDocument_ReadsPrincipalsInOrder()
    {
        var principals = PrincipalLoader.Load(File, Valid);

        Assert.Equal(["li.wei", "zhang.min", "wang.fang", "admin"], principals.Select(p => p.Id));
        Assert.Equal("zijin-credit", principals[0].Operator);
        Assert.True(principals[0].HasRole(Role.Operator));
        Assert.Equal([Role.Governance, Role.Expert], principals[1].Roles);
        Assert.Null(principals[1].Operator);
        Assert.Equal("张敏", principals[1].Name);
    }

    [Fact]
    public void Load_OperatorWithoutOrganization_IsRefused()
    {
        var yaml = Valid.Replace(", operator: zijin-credit }", " }");

        var error = Assert.Single(LoadInvalid(yaml).Errors);

        Assert.Equal("principals[0].operator", error.Field);
        Assert.Equal(2, error.Line);
        Assert.Equal(File, error.File);
    }

    [Fact]
    public void Load_OrganizationWithoutOperatorRole_IsRefused()
    {
        var yaml = Valid.Replace("roles: [bureau] }", "roles: [bureau], operator: zijin-credit }");

        Assert.Equal("principals[2].operator", Assert.Single(LoadInvalid(yaml).Errors).Field);
    }

    [Fact]
    public void Load_UnknownRole_NamesRoleAndLine()
    {
        var yaml = Valid.Replace("roles: [governance, expert]", "roles: [governance, superuser]");

        var error = Assert.Single(LoadInvalid(yaml).Errors);

        Assert.Equal("principals[1].roles", error.Field);
        Assert.Equal(5, error.Line);
        Assert.Contains("'superuser'", error.Message);
    }

    [Fact]
    public void Load_DuplicateId_IsRefused()
    {
        var yaml = Valid.Replace("id: wang.fang", "id: li.wei");

        var error = Assert.Single(LoadInvalid(yaml).Errors);

        Assert.Equal("principals[2].id", error.Field);
        Assert.Contains("declared twice", error.Message);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsAll()
    {
        const string yaml = """
            principals:
              - { id: a, roles: [operator] }
              - { id: b, name: B, roles: [], team: x }
              - just-a-name
            """;

        var errors = LoadInvalid(yaml).Errors;

        Assert.Equal(
            [(2, "principals[0].name"), (2, "principals[0].operator"), (3, "principals[1].team"), (3, "principals[1].roles"), (4, "principals[2]")],
            errors.Select(e => (e.Line, e.Field)));
    }

    [Fact]
    public void Load_MissingPrincipals_IsRefused()
    {
        Assert.Equal("principals", Assert.Single(LoadInvalid("people: []\n").Errors, e => e.Field == "principals").Field);
    }
}
