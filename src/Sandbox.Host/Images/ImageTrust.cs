using Docker.DotNet;

namespace Sandbox.Host.Images;

/// <summary>Decides whether a job may run in an image: approved by name, recorded by this home, unchanged in the engine.</summary>
internal static class ImageTrust
{
    /// <summary>The engine ID to run (never the tag, which could be moved meanwhile), or why the image is refused.</summary>
    public static async Task<(string? Id, string? Refusal)> ResolveAsync(DockerClient client, string homeRoot, string image, CancellationToken cancellationToken)
    {
        var name = ApprovedImages.NameOf(image);
        var approved = ApprovedImages.OfHome(homeRoot);
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
        if (!ImageRecords.Load(homeRoot).TryGetValue(name, out var record))
        {
            // First use in a home that never ran `image build`: trust an image our builder made (it carries the
            // recipe label) and record its ID, so any later swap of the tag is refused. Anything else is refused.
            if (current.Config?.Labels?.TryGetValue(ImageBuilder.RecipeLabel, out var recipe) != true || recipe is null)
            {
                return (null, $"image '{name}' was not built by `sandbox image build` (no {ImageBuilder.RecipeLabel} label)");
            }
            ImageRecords.Save(homeRoot, new ImageRecord(name, current.ID, recipe, DateTimeOffset.UtcNow));
            return (current.ID, null);
        }
        return current.ID == record.Id
            ? (record.Id, null)
            : (null, $"image '{name}' changed: the engine has {current.ID}, this home recorded {record.Id} (rebuild with `sandbox image build`)");
    }
}
