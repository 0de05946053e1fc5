using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sandbox.Host.Cli;

/// <summary>
/// The CLI's tables: a header row and aligned columns that stay aligned with Chinese text (Spectre.Console measures
/// East Asian wide characters as two cells). Plain text, no colour or escape codes; values are text, never markup.
/// </summary>
internal static class TextTable
{
    /// <summary>Writes <paramref name="rows"/> under <paramref name="headers"/> to <paramref name="writer"/>; nothing wraps.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var rendered = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(rendered),
        });
        console.Profile.Width = 1000; // a pipe or a file has no width; a long value must not wrap into two rows
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers) table.AddColumn(new TableColumn(new Text(header)).NoWrap());
        foreach (var row in rows) table.AddRow([.. row.Select(cell => (IRenderable)new Text(cell ?? "-"))]);
        console.Write(table);
        // The simple border's blank top and bottom lines and the cells' trailing padding are noise in a terminal and in a pipe.
        foreach (var line in rendered.ToString().Split('\n'))
        {
            var text = line.TrimEnd();
            if (text.Length > 0) writer.WriteLine(text.StartsWith("  ", StringComparison.Ordinal) ? text[2..] : text);
        }
    }
}
