namespace Sandbox.Documents;

/// <summary>What a policy document says it is: the keys of its root mapping, which decide the loader it goes to.</summary>
public static class DocumentRoot
{
    /// <summary>
    /// The keys of the root mapping of <paramref name="yamlText"/>, in order; empty when the text is not a mapping (the
    /// document's own loader then names the problem with its line).
    /// </summary>
    public static IReadOnlyList<string> KeysOf(string yamlText) => DocumentParser.RootKeys(yamlText);
}
