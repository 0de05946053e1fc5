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
    public static ApprovedImages Of(ControlStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.FindPolicyDocument(Kind) is { } json ? FromJson(json) : BuiltIn;
    }

    /// <summary>How the list is stored: the names, in order.</summary>
    public string ToJson() => JsonSerializer.Serialize(_names.Order(StringComparer.Ordinal).ToArray());

    /// <summary>The list as <see cref="ToJson"/> stored it.</summary>
    public static ApprovedImages FromJson(string json) => new(JsonSerializer.Deserialize<string[]>(json) ?? []);

    /// <summary>How a refusal names the list.</summary>
    public string Describe() => _names.Count == 0 ? "none are approved" : string.Join(", ", _names.Order(StringComparer.Ordinal));

    /// <summary>True when <paramref name="image"/> (with or without a <c>:latest</c> tag) is on the list.</summary>
    public bool Contains(string image) => _names.Contains(NameOf(image));

    /// <summary>The image name without its tag; only <c>latest</c> is ever built, so other tags are kept and never match.</summary>
    public static string NameOf(string image) => image.EndsWith(":latest", StringComparison.Ordinal) ? image[..^":latest".Length] : image;

    /// <summary>Parses an approved-image document; bad input throws <see cref="PolicyDocumentException"/> naming the line.</summary>
    public static ApprovedImages Parse(string file, string yaml)
    {
        var errors = new List<PolicyError>();
        var names = new List<string>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new PolicyDocumentException([new PolicyError(file, (int)ex.Start.Line, "images", ex.Message)]);
        }
        var root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
        if (root is null || !root.Children.TryGetValue(new YamlScalarNode("images"), out var list) || list is not YamlSequenceNode items)
        {
            throw new PolicyDocumentException([new PolicyError(file, 1, "images", "a list of {name, purpose} is required")]);
        }
        for (var i = 0; i < items.Children.Count; i++)
        {
            var item = items.Children[i];
            var name = item is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n is YamlScalarNode { Value: { Length: > 0 } v } ? v : null;
            if (name is null) errors.Add(new PolicyError(file, (int)item.Start.Line, $"images[{i}].name", "an image name is required"));
            else if (name.Contains(':', StringComparison.Ordinal)) errors.Add(new PolicyError(file, (int)item.Start.Line, $"images[{i}].name", $"'{name}': name an image without a tag"));
            // Only images our builder makes can ever run (the docker backend trusts no other): approving another
            // name would be a promise the host cannot keep.
            else if (!ImageRecipe.All.Any(r => r.Name == name))
            {
                errors.Add(new PolicyError(file, (int)item.Start.Line, $"images[{i}].name",
                    $"'{name}': no recipe builds it (`sandbox image build` makes {string.Join(", ", ImageRecipe.All.Select(r => r.Name))})"));
            }
            else if (names.Contains(name)) errors.Add(new PolicyError(file, (int)item.Start.Line, $"images[{i}].name", $"'{name}' is listed twice"));
            else names.Add(name);
        }
        if (errors.Count > 0) throw new PolicyDocumentException(errors);
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
