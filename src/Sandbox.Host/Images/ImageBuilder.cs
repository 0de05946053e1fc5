using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;

namespace Sandbox.Host.Images;

/// <summary>
/// Builds a job image with no registry: a minbase Debian rootfs from Debian's packages (debootstrap), the published
/// runner copied in, tarred and imported through the engine's image import API, then recorded by its engine ID.
/// </summary>
internal sealed class ImageBuilder(DockerClient client, TextWriter progress, TimeProvider time)
{
    /// <summary>The label that carries the recipe's SHA-256, so an up-to-date image is not rebuilt.</summary>
    public const string RecipeLabel = "sandbox.recipe";

    // The image's environment. The runner runs with invariant globalization whichever way it was published: the
    // images have no ICU (this repository's publish sets it at build time; the runner beside the native image, which
    // also runs the host's own ml jobs, is published without it).
    private const string ImageEnvironment = "PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME=/tmp DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1";

    private string? _published;

    /// <summary>
    /// The runner published beside this executable (<c>runner/</c>, where <c>bench/publish.sh</c> puts the native
    /// image's), or null when there is none: the deployed form builds its images from the runner it ships with,
    /// without the repository or an SDK.
    /// </summary>
    public static string? RunnerBeside(string directory) =>
        File.Exists(Path.Combine(directory, "runner", "sandbox-runner")) ? Path.Combine(directory, "runner") : null;

    private static readonly string[] PackageSteps = ["I: Retrieving ", "I: Validating ", "I: Extracting ", "I: Unpacking ", "I: Configuring "];

    /// <summary>Builds (or finds up to date) the image of <paramref name="recipe"/> and returns what to record.</summary>
    /// <param name="recipe">What to build.</param>
    /// <param name="runnerDirectory">An already-published runner to copy in (`image build` passes <c>--runner</c>, else <see cref="RunnerBeside"/>); null publishes <c>src/Sandbox.Runner</c> of this repository.</param>
    /// <param name="rebuild">Build even when the engine holds an image of the same recipe.</param>
    /// <param name="cancellationToken">Stops the build; a half-built image is never tagged.</param>
    public async Task<(ImageRecord Record, bool Built)> BuildAsync(ImageRecipe recipe, string? runnerDirectory, bool rebuild, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetTempPath(), $"sandbox-image-{recipe.Key}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        Directory.CreateDirectory(work);
        var clock = Stopwatch.StartNew();
        try
        {
            // 1. Skip when the engine already holds this exact recipe. The runner is identified by its sources
            //    (or by the files of --runner DIR), so an up-to-date image costs no publish.
            var sources = recipe.WithRunner ? runnerDirectory ?? RunnerSources() : null;
            var sha = RecipeSha(recipe, sources);
            if (!rebuild && await FindAsync(recipe.Tag, cancellationToken).ConfigureAwait(false) is { } existing
                && existing.Config?.Labels?.TryGetValue(RecipeLabel, out var label) == true && label == sha)
            {
                Say(recipe, Messages.Get("image.up-to-date", ("id", existing.ID), ("recipe", sha[..12])));
                return (new ImageRecord(recipe.Name, existing.ID, sha, time.GetUtcNow()), false);
            }

            // 2. The runner, published self-contained (runner image only).
            string? runner = null;
            if (recipe.WithRunner)
            {
                // One publish serves every recipe of this build.
                runner = runnerDirectory ?? (_published ??= await PublishRunnerAsync(recipe, Path.Combine(Path.GetTempPath(), $"sandbox-runner-publish-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"), cancellationToken).ConfigureAwait(false));
                if (!File.Exists(Path.Combine(runner, "sandbox-runner"))) throw new InputException(new LocalMessage("image.no-runner", ("path", runner)));
            }

            // 3. The rootfs from Debian's packages.
            if (!Environment.IsPrivilegedProcess) throw new RefusedException(new LocalMessage("image.needs-root", ("name", recipe.Name)));
            var rootfs = Path.Combine(work, "rootfs");
            var mirror = DebianMirror.Find(ImageRecipe.Suite);
            var packages = 0;
            Say(recipe, Messages.Get("image.debootstrap", ("suite", ImageRecipe.Suite), ("mirror", mirror), ("packages", string.Join(',', recipe.Packages))));
            var code = await ExternalCommand.RunAsync("debootstrap",
                ["--variant=minbase", "--include=" + string.Join(',', recipe.Packages), ImageRecipe.Suite, rootfs, mirror],
                line =>
                {
                    // One line per phase and every 20th package: visible progress without a screen per package.
                    var perPackage = PackageSteps.Any(p => line.StartsWith(p, StringComparison.Ordinal));
                    if (perPackage && ++packages % 20 != 0) return;
                    if (perPackage || line.StartsWith("I: ", StringComparison.Ordinal) || line.StartsWith("E: ", StringComparison.Ordinal) || line.StartsWith("W: ", StringComparison.Ordinal)) Say(recipe, line);
                },
                cancellationToken).ConfigureAwait(false);
            if (code != 0) throw new RefusedException(new LocalMessage("image.debootstrap-failed", ("name", recipe.Name), ("code", code), ("mirror", mirror)));

            // 4. The runner and a trim: caches and docs have no place in a job image.
            if (runner is not null) CopyDirectory(runner, Path.Combine(rootfs, ImageRecipe.RunnerDirectory.TrimStart('/')));
            foreach (var (path, text) in recipe.Files)
            {
                var target = Path.Combine(rootfs, path.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, text);
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
            foreach (var junk in new[] { "var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/info" })
            {
                var path = Path.Combine(rootfs, junk);
                if (Directory.Exists(path)) foreach (var entry in Directory.EnumerateFileSystemEntries(path)) Delete(entry);
            }

            // 5. Tar it and import it through the engine's API.
            Say(recipe, Messages.Get("image.importing", ("tag", recipe.Tag)));
            var id = await ImportAsync(recipe, rootfs, sha, cancellationToken).ConfigureAwait(false);
            Say(recipe, Messages.Get("image.built-in", ("id", id), ("seconds", clock.Elapsed.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
            return (new ImageRecord(recipe.Name, id, sha, time.GetUtcNow()), true);
        }
        finally
        {
            Delete(work);
        }
    }

    private async Task<string> PublishRunnerAsync(ImageRecipe recipe, string output, CancellationToken cancellationToken)
    {
        var project = Path.Combine(RepositoryRoot(), "src", "Sandbox.Runner", "Sandbox.Runner.csproj");
        Say(recipe, Messages.Get("image.publishing", ("project", project)));
        var code = await ExternalCommand.RunAsync("dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:InvariantGlobalization=true", "-o", output, "--nologo", "-v", "q"],
            line => { if (line.Contains("error", StringComparison.OrdinalIgnoreCase)) Say(recipe, line); },
            cancellationToken).ConfigureAwait(false);
        if (code != 0) throw new RefusedException(new LocalMessage("image.publish-failed", ("project", project), ("code", code)));
        return output;
    }

    private async Task<string> ImportAsync(ImageRecipe recipe, string rootfs, string sha, CancellationToken cancellationToken)
    {
        // GNU tar streams the rootfs with numeric owners; /dev, /proc and /sys stay empty (the engine provides them).
        var tar = new ProcessStartInfo("tar") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--numeric-owner", "--exclude=./dev/*", "--exclude=./proc/*", "--exclude=./sys/*", "-C", rootfs, "-cf", "-", "." }) tar.ArgumentList.Add(a);
        using var process = ExternalCommand.Start(tar);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var parameters = new ImagesCreateParameters
        {
            FromSrc = "-",
            Repo = recipe.Name,
            Tag = "latest",
            Changes =
            [
                "USER 65534:65534",
                "WORKDIR /job",
                $"ENV {ImageEnvironment}",
                $"LABEL {RecipeLabel}={sha} sandbox.image={recipe.Key}",
            ],
        };
        var messages = new Progress<JSONMessage>(m =>
        {
            if (m.Error is not null) Say(recipe, Messages.Get("image.engine-error", ("message", m.Error.Message)));
        });
        await client.Images.CreateImageAsync(parameters, process.StandardOutput.BaseStream, null, messages, cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0) throw new RefusedException(new LocalMessage("image.tar-failed", ("name", recipe.Name), ("code", process.ExitCode), ("detail", (await errors.ConfigureAwait(false)).Split('\n')[0])));
        var image = await FindAsync(recipe.Tag, cancellationToken).ConfigureAwait(false)
            ?? throw new RefusedException(new LocalMessage("image.not-kept", ("name", recipe.Name)));
        if (image.Config?.Labels?.TryGetValue(RecipeLabel, out var label) != true || label != sha)
        {
            throw new RefusedException(new LocalMessage("image.no-label", ("tag", recipe.Tag)));
        }
        return image.ID;
    }

    private async Task<ImageInspectResponse?> FindAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Images.InspectImageAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    /// <summary>SHA-256 over the suite, the packages and every runner file (name and content): sources, or a published folder.</summary>
    internal static string RecipeSha(ImageRecipe recipe, string? runner)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{ImageRecipe.Suite}\n{recipe.Name}\n{string.Join(',', recipe.Packages)}\nuser=65534\nenv={ImageEnvironment}\n"));
        foreach (var (path, text) in recipe.Files.OrderBy(f => f.Key, StringComparer.Ordinal)) hash.AppendData(Encoding.UTF8.GetBytes($"{path}\n{text}\n"));
        if (runner is not null)
        {
            var published = Directory.Exists(runner);
            var root = published ? runner : Path.GetDirectoryName(runner)!;
            var files = published
                ? Directory.EnumerateFiles(runner, "*", SearchOption.AllDirectories)
                : runner.Split('\n').SelectMany(d => Directory.Exists(d) ? Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories) : File.Exists(d) ? [d] : []);
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                // Debug symbols change on every publish without changing what runs; build outputs are not sources (a
                // published folder's own path may hold /bin/, as an installed one under /usr/local/bin does).
                if (file.EndsWith(".pdb", StringComparison.Ordinal) || (!published && (file.Contains("/bin/", StringComparison.Ordinal) || file.Contains("/obj/", StringComparison.Ordinal)))) continue;
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file) + "\n"));
                using var stream = File.OpenRead(file);
                hash.AppendData(SHA256.HashData(stream));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>What the runner is built from, one path a line: its project, the policy library, the central build files.</summary>
    private static string RunnerSources()
    {
        var root = RepositoryRoot();
        return string.Join('\n', new[] { "src/Sandbox.Runner", "src/Sandbox.Policy", "src/Sandbox.Contracts", "Directory.Build.props", "Directory.Packages.props", "src/Directory.Build.props", "global.json" }
            .Select(p => Path.Combine(root, p)));
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "Sandbox.sln"))) return dir;
            }
        }
        throw new InputException(new LocalMessage("image.no-repository"));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".pdb", StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            File.Copy(file, target, overwrite: true);
            // World-readable, executable where it was: the job user (65534) owns nothing in the image.
            File.SetUnixFileMode(target, File.GetUnixFileMode(file) | UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private static void Delete(string path)
    {
        if (Directory.Exists(path) && !File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint)) Directory.Delete(path, recursive: true);
        else if (File.Exists(path) || Directory.Exists(path)) File.Delete(path);
    }

    private void Say(ImageRecipe recipe, string line) => progress.WriteLine($"[{recipe.Key}] {line}");
}
