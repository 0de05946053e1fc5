using System.Text.Json;

namespace Sandbox.Host.Tests.Policies;

/// <summary>The approved-image list is a policy like the others: applied, stored, audited, and what admission obeys.</summary>
public sealed class ApprovedImagesPolicyTests
{
    private static string Document(TestHome home, string body)
    {
        var path = Path.Combine(home.Root, "images-" + Guid.NewGuid().ToString("N")[..6] + ".yaml");
        File.WriteAllText(path, body);
        return path;
    }

    private static string ContainerJob(TestHome home, string image)
    {
        var path = Path.Combine(home.Root, "jobs", Guid.NewGuid().ToString("N")[..8] + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, ["grant: nj-credit-2026", "kind: container", $"image: {image}", "command: [python3, -c, 'print(1)']", "limits: { timeout: 20s }"]);
        return path;
    }

    // The inprocess backend: admission decides before any engine is needed.
    private static string Reason(TestHome home, string job)
    {
        var (code, output, error) = home.Run("job", "run", "--wait", job, "--json");
        Assert.True(code == 1, $"job run exited {code}: {error}{output}");
        return JsonDocument.Parse(output).RootElement.GetProperty("reason").GetString()!;
    }

    [Fact]
    public void Apply_ListWithoutPython_PythonJobIsRefusedByPolicyNamingTheList()
    {
        using var home = new TestHome().WithCity(enterprises: 10, residents: 10);
        var output = home.Ok("policy", "apply", Document(home, "images:\n  - name: sandbox/runner\n    purpose: SQL jobs\n"));

        Assert.Contains("approved images: sandbox/runner", output);
        var reason = Reason(home, ContainerJob(home, "sandbox/python"));
        Assert.Contains("refused by policy", reason);
        Assert.Contains("'sandbox/python' is not on the approved list (policies/images.yaml: sandbox/runner)", reason);
    }

    [Fact]
    public void Apply_EmptyList_NoContainerJobIsAdmitted()
    {
        using var home = new TestHome().WithCity(enterprises: 10, residents: 10);
        home.Ok("policy", "apply", Document(home, "images: []\n"));
        Assert.Contains("none are approved", Reason(home, ContainerJob(home, "sandbox/python")));
    }

    [Fact]
    public void Apply_RepositoryPolicies_ApproveBothBuiltImagesAndAuditTheList()
    {
        using var home = new TestHome().WithCity(enterprises: 10, residents: 10);

        // Admitted by policy; only the backend (inprocess runs SQL and ml jobs only) declines it.
        var reason = Reason(home, ContainerJob(home, "sandbox/python"));
        Assert.DoesNotContain("approved list", reason);
        Assert.Contains("inprocess backend runs only sql and ml jobs", reason);

        var apply = JsonDocument.Parse(home.Ok("audit", "show", "--json")).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "policy.apply")
            .Select(e => JsonDocument.Parse(e.GetProperty("detail").GetString()!).RootElement.GetProperty("images"))
            .Last(images => images.ValueKind == JsonValueKind.Object);
        var approved = apply.GetProperty("approved");
        Assert.Equal(["sandbox/python", "sandbox/runner"], approved.EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("images:\n  - name: debian\n    purpose: anything\n", 2, "images[0].name", "no recipe builds it")]
    [InlineData("images:\n  - name: sandbox/runner\n    purpose: SQL jobs\n  - name: sandbox/runner\n    purpose: again\n", 4, "images[1].name", "listed twice")]
    [InlineData("images:\n  - name: sandbox/python:3.11\n    purpose: container jobs\n", 2, "images[0].name", "without a tag")]
    [InlineData("images:\n  - name: sandbox/python\n", 2, "images[0].purpose", "a purpose is required: what jobs the image is for")]
    [InlineData("images:\n  - name: sandbox/python\n    purpose: \"  \"\n", 2, "images[0].purpose", "a purpose is required")]
    [InlineData("images:\n  - purpose: no name\n", 2, "images[0].name", "an image name is required")]
    [InlineData("images: sandbox/python\n", 1, "images", "a list of {name, purpose} is required")]
    public void Apply_BadList_ExitsTwoNamingFileLineFieldAndKeepsTheAppliedList(string body, int line, string field, string message)
    {
        using var home = new TestHome().WithCity(enterprises: 10, residents: 10);
        home.Ok("policy", "apply", Document(home, "images:\n  - name: sandbox/runner\n    purpose: SQL jobs\n"));
        var audit = home.Ok("audit", "show", "--json");
        var path = Document(home, body);

        var (code, _, error) = home.Run("policy", "apply", path);

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains($"{path}:{line}: {field}", error);
        Assert.Contains(message, error);
        Assert.Equal(audit, home.Ok("audit", "show", "--json"));
        Assert.Contains("(policies/images.yaml: sandbox/runner)", Reason(home, ContainerJob(home, "sandbox/python")));
    }
}
