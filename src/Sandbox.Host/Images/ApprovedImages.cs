using System.Reflection;
using System.Text.Json;
using Sandbox.Documents;
using Sandbox.Host.Store;
using YamlDotNet.RepresentationModel;

namespace Sandbox.Host.Images;

/// <summary>
/// The approved-image list: the only images a job may name. A policy document (<c>policies/images.yaml</c>) that
/// <c>policy apply</c> stores in the home like any other policy, audited; a home where none was applied uses the copy
/// built into the host.
/// </summary>
public sealed class ApprovedImages
{
    /// <summary>The kind under which the applied list is stored among the policy documents.</summary>
    public const string Kind = "images";

    private const string ResourceName = "policies/images.yaml";

    private readonly HashSet<string> _names;

    private ApprovedImages(IEnumerable<string> names) => _names = new HashSet<string>(names, StringComparer.Ordinal);

    /// <summary>The approved image names, without tags (<c>sandbox/python</c>).</summary>
    public IReadOnlyCollection<string> Names => _names;

    /// <summary>The list built into this host from <c>policies/images.yaml</c>.</summary>
    public static ApprovedImages BuiltIn { get; } = LoadBuiltIn();

    /// <summary>The list applied to <paramref name="store"/>'s home, else <see cref="BuiltIn"/>.</summary>
    internal static ApprovedImages Of(IControlStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.FindPolicyDocument(Kind) is { } json ? FromJson(json) : BuiltIn;
    }

    /// <summary>How the list is stored: the names, in order.</summary>
    public string ToJson() => JsonSerializer.Serialize(_names.Order(StringComparer.Ordinal).ToArray(), ImagesJson.Default.StringArray);

    /// <summary>The list as <see cref="ToJson"/> stored it.</summary>
    public static ApprovedImages FromJson(string json) => new(JsonSerializer.Deserialize(json, ImagesJson.Default.StringArray) ?? []);

    /// <summary>How a refusal names the list.</summary>
    public string Describe() => _names.Count == 0 ? "none are approved" : string.Join(", ", _names.Order(StringComparer.Ordinal));

    /// <summary>True when <paramref name="image"/> (with or without a <c>:latest</c> tag) is on the list.</summary>
    public bool Contains(string image) => _names.Contains(NameOf(image));

    /// <summary>The image name without its tag; only <c>latest</c> is ever built, so other tags are kept and never match.</summary>
    public static string NameOf(string image) => image.EndsWith(":latest", StringComparison.Ordinal) ? image[..^":latest".Length] : image;

    /// <summary>Parses an approved-image document; bad input throws <see cref="PolicyDocumentException"/> naming the line.</summary>
    public static ApprovedImages Parse(string file, string yaml)
    {
        // Read through the platform's one document reader: located errors, every one of them, unknown keys named.
        var (doc, errors) = DocumentParser.OpenRoot(file, yaml, "images");
        if (doc.Value("images", required: false) is not YamlSequenceNode items)
        {
            errors.Add(doc.Value("images", required: false) ?? doc.Node, "images", "a list of {name, purpose} is required");
            throw errors.ToException();
        }
        var names = new List<string>();
        for (var i = 0; i < items.Children.Count; i++)
        {
            var item = items.Children[i];
            var field = $"images[{i}].name";
            var reader = item is YamlMappingNode map ? new MappingReader(map, $"images[{i}]", errors, "name", "purpose") : null;
            var name = reader?.String("name", required: false);
            if (string.IsNullOrEmpty(name)) errors.Add(item, field, "an image name is required");
            else if (name.Contains(':', StringComparison.Ordinal)) errors.Add(item, field, $"'{name}': name an image without a tag");
            // Only images our builder makes can ever run (the docker backend trusts no other): approving another
            // name would be a promise the host cannot keep.
            else if (!ImageRecipe.All.Any(r => r.Name == name))
            {
                errors.Add(item, field, $"'{name}': no recipe builds it (`sandbox image build` makes {string.Join(", ", ImageRecipe.All.Select(r => r.Name))})");
            }
            else if (names.Contains(name)) errors.Add(item, field, $"'{name}' is listed twice");
            else names.Add(name);
            // What the image is for is part of its approval (the reviewers' record of why it may touch granted data).
            if (reader is not null && string.IsNullOrWhiteSpace(reader.String("purpose", required: false))) errors.Add(item, $"images[{i}].purpose", "a purpose is required: what jobs the image is for");
        }
        errors.ThrowIfAny();
        return new ApprovedImages(names);
    }

    private static ApprovedImages LoadBuiltIn()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not built into this host");
        using var reader = new StreamReader(stream);
        return Parse(ResourceName, reader.ReadToEnd());
    }
}

/// <summary>The stored list's shape, generated at compile time (no reflection metadata at run time).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<ImageRecord>))]
internal sealed partial class ImagesJson : System.Text.Json.Serialization.JsonSerializerContext;
