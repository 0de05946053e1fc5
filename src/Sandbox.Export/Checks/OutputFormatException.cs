namespace Sandbox.Export.Checks;

/// <summary>An output file that cannot be read as its type says; the message starts with <c>file:line:</c>.</summary>
public sealed class OutputFormatException : Exception
{
    /// <summary>A format error at <paramref name="line"/> (1-based) of <paramref name="file"/>.</summary>
    public OutputFormatException(string file, int line, string message)
        : base($"{file}:{line}: {message}")
    {
        File = file;
        Line = line;
    }

    /// <summary>The file as it was named to the reader.</summary>
    public string File { get; }

    /// <summary>The 1-based physical line where the problem was found.</summary>
    public int Line { get; }
}
