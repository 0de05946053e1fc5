namespace Sandbox.Host.Tests.Service;

/// <summary>Operator organizations beside the city's own, each with trained staff and a grant like zijin's.</summary>
internal static class ServeOperators
{
    private static readonly Dictionary<string, string> Organizations = new(StringComparer.Ordinal)
    {
        ["harbor-analyst"] = "harbor-logistics",
        ["orchid-analyst"] = "orchid-data",
        ["river-analyst"] = "river-analytics",
    };

    /// <summary>The grant <paramref name="op"/> submits under.</summary>
    public static string GrantOf(string op) => op == "zijin-analyst" ? "nj-credit-2026" : "load-" + op.Split('-')[0];

    /// <summary>Declares and trains orchid's and river's analysts, and signs a grant for each of <paramref name="operators"/> but zijin's.</summary>
    public static void Add(TestHome home, IEnumerable<string> operators)
    {
        var dir = Path.Combine(home.Root, "load-policies");
        Directory.CreateDirectory(dir);
        var principals = File.ReadAllText(Path.Combine(TestHome.PoliciesDirectory, "principals.yaml")) + """
              - id: orchid-analyst
                name: orchid analyst
                roles: [operator]
                operator: orchid-data
              - id: river-analyst
                name: river analyst
                roles: [operator]
                operator: river-analytics

            """;
        File.WriteAllText(Path.Combine(dir, "principals.yaml"), principals);
        home.Ok("--as", "admin", "policy", "apply", Path.Combine(dir, "principals.yaml"));
        File.WriteAllText(Path.Combine(dir, "training.yaml"), """
            training:
              validity-days: 365
              records:
                - { principal: orchid-analyst, course: 公共数据授权运营安全与合规培训 2026, completed: 2026-09-15 }
                - { principal: river-analyst, course: 公共数据授权运营安全与合规培训 2026, completed: 2026-09-15 }
            """);
        home.Ok("policy", "apply", Path.Combine(dir, "training.yaml"));
        foreach (var op in operators.Where(Organizations.ContainsKey))
        {
            var grant = Path.Combine(dir, GrantOf(op) + ".yaml");
            File.WriteAllText(grant, TestHome.GrantText("nj-credit-2026.yaml").Replace("id: nj-credit-2026", "id: " + GrantOf(op), StringComparison.Ordinal)
                .Replace("id: zijin-credit", "id: " + Organizations[op], StringComparison.Ordinal));
            home.Ok("policy", "apply", grant);
        }
    }
}
