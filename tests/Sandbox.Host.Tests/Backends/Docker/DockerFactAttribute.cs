using Docker.DotNet;
using Sandbox.Host.Backends.Docker;
using Sandbox.Host.Images;

namespace Sandbox.Host.Tests.Backends.Docker;

/// <summary>
/// A fact that needs the real Docker engine and the job images. Without them it is skipped and says why; with
/// <c>SANDBOX_REQUIRE_DOCKER=1</c> (CI) it is never skipped, so a missing engine fails loudly instead.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(Probe);

    public DockerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SANDBOX_REQUIRE_DOCKER") == "1") return;
        if (Missing.Value is { } reason) Skip = reason;
    }

    /// <summary>Why a docker fact would be skipped here (no engine, no images), or null when it runs; CI's wish aside.</summary>
    public static string? Unavailable => Missing.Value;

    /// <summary>Null when the engine answers and both images exist; else why not.</summary>
    private static string? Probe()
    {
        DockerClient client;
        try
        {
            client = DockerEngine.ConnectAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (DockerUnavailableException ex)
        {
            return ex.Message;
        }
        using (client)
        {
            foreach (var recipe in ImageRecipe.All)
            {
                try
                {
                    client.Images.InspectImageAsync(recipe.Tag, CancellationToken.None).GetAwaiter().GetResult();
                }
                catch (DockerImageNotFoundException)
                {
                    return $"the Docker engine at {DockerEngine.Endpoint} has no {recipe.Tag} (run .ci/docker.sh or `sandbox image build`)";
                }
            }
        }
        return null;
    }
}
