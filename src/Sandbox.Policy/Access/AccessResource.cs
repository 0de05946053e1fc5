namespace Sandbox.Policy.Access;

/// <summary>What an action is about, as far as authorization cares: whose organization it belongs to and who made it.</summary>
/// <param name="Organizations">The operator organizations the resource belongs to (a job: its grant's operator; a dataset: every grant's operator that includes it); empty for platform resources.</param>
/// <param name="Owner">The principal who created it (a job's submitter, an export's requester), or null.</param>
public sealed record AccessResource(IReadOnlyCollection<string> Organizations, string? Owner)
{
    /// <summary>A resource of the platform itself (policy, images, tokens), owned by no organization.</summary>
    public static AccessResource Platform { get; } = new([], null);

    /// <summary>A resource of one organization, created by <paramref name="owner"/>.</summary>
    public static AccessResource Of(string organization, string? owner = null) => new([organization], owner);
}
