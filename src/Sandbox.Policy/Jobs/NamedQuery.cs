namespace Sandbox.Policy.Jobs;

/// <summary>One query of a SQL job.</summary>
/// <param name="Name">The output's name (a valid file name stem: <c>^[a-z][a-z0-9_]{0,62}$</c>).</param>
/// <param name="Sql">The statement's text.</param>
/// <param name="Line">The line of the query's key in the job file, for error messages.</param>
public sealed record NamedQuery(string Name, string Sql, int Line);
