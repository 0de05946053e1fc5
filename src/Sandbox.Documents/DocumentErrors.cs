using YamlDotNet.RepresentationModel;

namespace Sandbox.Documents;

/// <summary>Collects the errors of one document so a loader can report all of them at once.</summary>
public sealed class DocumentErrors
{
    private readonly List<PolicyError> errors = [];

    public DocumentErrors(string file)
    {
        File = file;
    }

    public string File { get; }

    public bool Any => errors.Count > 0;

    /// <summary>How many errors were recorded so far.</summary>
    public int Count => errors.Count;

    public void Add(YamlNode node, string field, string message) => Add(LineOf(node), field, message);

    public void Add(int line, string field, string message) => errors.Add(new PolicyError(File, line, field, message));

    /// <summary>A problem at a place in the text (line and column, both 1-based) rather than in a field's value.</summary>
    public void Add(int line, int column, string field, string message) =>
        errors.Add(new PolicyError(File, line, field, message) { Column = Math.Max(1, column) });

    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            throw ToException();
        }
    }

    /// <summary>Every error so far, by line; stable, so errors on one line keep the order they were found in.</summary>
    public PolicyDocumentException ToException() => new([.. errors.OrderBy(e => e.Line)]);

    public static int LineOf(YamlNode node) => (int)Math.Min(node.Start.Line, int.MaxValue);
}
