namespace Sandbox.Policy.Jobs;

/// <summary>The kinds of job a job file may declare.</summary>
public static class JobKinds
{
    /// <summary>SQL queries over the workspace; runs in process or in a container.</summary>
    public const string Sql = "sql";

    /// <summary>Any program in an approved image.</summary>
    public const string Container = "container";

    /// <summary>Model training in an approved image.</summary>
    public const string Ml = "ml";

    /// <summary>All kinds.</summary>
    public static IReadOnlyList<string> All { get; } = [Sql, Container, Ml];
}
