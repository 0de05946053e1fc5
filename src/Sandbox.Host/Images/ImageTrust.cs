using System.Text.Json;
using Docker.DotNet;
using Sandbox.Contracts.Audit;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;

namespace Sandbox.Host.Images;

/// <summary>
/// Decides whether a job may run in an image: approved by name, recorded by this home's store, unchanged in the
/// engine. Every record it makes is an audited change of the store.
/// </summary>
internal static class ImageTrust
{
    /// <summary>Where homes made before the store kept image records wrote them; imported once, then removed.</summary>
    public static string LegacyFileIn(SandboxHome home) => home.LegacyImagesPath;

    /// <summary>
    /// The engine ID to run (never the tag, which could be moved meanwhile), or why the image is refused: an English
    /// sentence kept as a job's reason, shown in the reader's language by its shape (the catalog's <c>trust.*</c>).
    /// </summary>
    public static async Task<(string? Id, string? Refusal)> ResolveAsync(DockerClient client, SandboxSession session, string image, CancellationToken cancellationToken)
    {
        var name = ApprovedImages.NameOf(image);
        var approved = ApprovedImages.Of(session.Store);
        if (!approved.Contains(image))
        {
            return (null, $"image '{image}' is not on the approved list (policies/images.yaml: {approved.Describe()})");
        }
        Docker.DotNet.Models.ImageInspectResponse current;
        try
        {
            current = await client.Images.InspectImageAsync(name + ":latest", cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            return (null, $"image '{name}' is not in the engine (run `sandbox image build`)");
        }
        ImportLegacy(session);
        if (session.Store.FindImage(name) is not { } record)
        {
            // First use in a home that never ran `image build`: trust an image our builder made (it carries the
            // recipe label) and record its ID, so any later swap of the tag is refused. Anything else is refused.
            if (current.Config?.Labels?.TryGetValue(ImageBuilder.RecipeLabel, out var recipe) != true || recipe is null)
            {
                return (null, $"image '{name}' was not built by `sandbox image build` (no {ImageBuilder.RecipeLabel} label)");
            }
            Record(session, new ImageRecord(name, current.ID, recipe, session.Time.GetUtcNow()), AuditActions.ImageRecord, "first use of an image built by sandbox image build");
            return (current.ID, null);
        }
        return current.ID == record.Id
            ? (record.Id, null)
            : (null, $"image '{name}' changed: the engine has {current.ID}, this home recorded {record.Id} (rebuild with `sandbox image build`)");
    }

    /// <summary>Records an image's trusted ID as one audited change.</summary>
    public static void Record(SandboxSession session, ImageRecord image, string action, string why) =>
        session.Store.Change(session.Actor, action, image.Name, new { image.Id, image.Recipe, why }, tx =>
        {
            tx.PutImage(image);
            return 0;
        });

    /// <summary>
    /// Moves the records of an older home's <c>images.json</c> into the store (those the store does not hold yet), each
    /// audited, then removes the file: from then on only the store is read.
    /// </summary>
    public static void ImportLegacy(SandboxSession session)
    {
        var path = LegacyFileIn(session.Home);
        if (!File.Exists(path)) return;
        List<ImageRecord> records;
        try
        {
            records = JsonSerializer.Deserialize(File.ReadAllText(path), Jsons.Shape<List<ImageRecord>>(ImagesJson.Default)) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InputException(new LocalMessage("image.legacy-unreadable", ("path", path), ("detail", ex.Message)), ex);
        }
        foreach (var image in records.Where(r => session.Store.FindImage(r.Name) is null))
        {
            Record(session, image, AuditActions.ImageRecord, "imported from the home's images.json");
        }
        File.Delete(path);
    }
}
