using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Sandbox.Host.Localization;
using Spectre.Console;

namespace Sandbox.Host.Cli;

/// <summary>
/// <c>--help</c>: description, usage, arguments, options and subcommands of one command, with titles and labels in the
/// current language. Columns are measured in terminal cells (a Chinese character takes two) and wrapped to a fixed
/// width, so Chinese help lines up as English does and the output does not depend on the terminal it was taken on.
/// </summary>
internal sealed class HelpPage(int width) : SynchronousCommandLineAction
{
    private const int Indent = 2;
    private const int Gap = 2;

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        Write(parseResult.CommandResult.Command, parseResult.InvocationConfiguration.Output, width);
        return 0;
    }

    /// <summary>Writes the help of <paramref name="command"/>, wrapped to <paramref name="width"/> cells.</summary>
    public static void Write(Command command, TextWriter output, int width)
    {
        var sections = new List<(string Title, List<string> Lines)>();
        if (!string.IsNullOrWhiteSpace(command.Description))
        {
            sections.Add((Messages.Get("help.title.description"), [.. CellText.Wrap(command.Description, width - Indent).Select(l => Pad(Indent) + l)]));
        }
        sections.Add((Messages.Get("help.title.usage"), [Pad(Indent) + Usage(command)]));

        var arguments = command.Arguments.Where(a => !a.Hidden).Select(a => ($"<{a.Name}>", a.Description ?? "")).ToList();
        if (arguments.Count > 0) sections.Add((Messages.Get("help.title.arguments"), Columns(arguments, width)));

        var options = Options(command).Select(o => (OptionLabel(o), OptionDescription(o))).ToList();
        if (options.Count > 0) sections.Add((Messages.Get("help.title.options"), Columns(options, width)));

        var commands = command.Subcommands.Where(c => !c.Hidden)
            .Select(c => (string.Join(' ', [c.Name, .. c.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.Name}>")]), c.Description ?? "")).ToList();
        if (commands.Count > 0) sections.Add((Messages.Get("help.title.commands"), Columns(commands, width)));

        for (var i = 0; i < sections.Count; i++)
        {
            if (i > 0) output.WriteLine();
            output.WriteLine(sections[i].Title);
            foreach (var line in sections[i].Lines) output.WriteLine(line);
        }
        output.WriteLine();
    }

    private static string Usage(Command command)
    {
        var path = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault()) path.Insert(0, c is RootCommand ? "sandbox" : c.Name);
        if (command.Subcommands.Any(c => !c.Hidden)) path.Add(Messages.Get("help.usage.command"));
        path.AddRange(command.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.Name}>"));
        if (Options(command).Any()) path.Add(Messages.Get("help.usage.options"));
        return string.Join(' ', path);
    }

    /// <summary>The command's own options, then those its ancestors pass down (<c>--home</c>, <c>--as</c>, <c>--help</c> …).</summary>
    private static IEnumerable<Option> Options(Command command)
    {
        var own = command.Options.Where(o => !o.Hidden).ToList();
        var inherited = new List<Option>();
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            inherited.InsertRange(0, parent.Options.Where(o => o.Recursive && !o.Hidden && !own.Contains(o)));
        }
        return own.Concat(inherited).Distinct();
    }

    private static string OptionLabel(Option option)
    {
        // The Windows-style aliases (/?, /h) work but are no habit on our machines: help does not list them.
        var names = string.Join(", ", new[] { option.Name }.Concat(option.Aliases).Where(n => !n.StartsWith('/')).Distinct()
            .OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal));
        var takesValue = option.ValueType != typeof(bool) && option is not HelpOption and not VersionOption;
        var label = takesValue ? $"{names} <{option.HelpName ?? option.Name.TrimStart('-')}>" : names;
        return option.Required ? label + Messages.Get("help.required") : label;
    }

    private static string OptionDescription(Option option)
    {
        var description = option.Description ?? "";
        if (!option.HasDefaultValue || option.ValueType == typeof(bool)) return description;
        var value = Convert.ToString(option.GetDefaultValue(), System.Globalization.CultureInfo.InvariantCulture);
        return string.IsNullOrEmpty(value) ? description : $"{description} {Messages.Get("help.default", ("value", value))}";
    }

    /// <summary>Two columns: the labels, then the descriptions wrapped beside them (below, when a label is too wide).</summary>
    private static List<string> Columns(IReadOnlyList<(string Label, string Description)> rows, int width)
    {
        var limit = Math.Max(12, (width - Indent) / 2);
        var first = Math.Min(limit, rows.Max(r => r.Label.GetCellWidth()));
        var textWidth = Math.Max(20, width - Indent - first - Gap);
        var lines = new List<string>();
        foreach (var (label, description) in rows)
        {
            var wrapped = CellText.Wrap(description, textWidth);
            var labelWidth = label.GetCellWidth();
            if (labelWidth > first)
            {
                lines.Add(Pad(Indent) + label);
                lines.AddRange(wrapped.Select(l => Pad(Indent + first + Gap) + l));
                continue;
            }
            for (var i = 0; i < Math.Max(1, wrapped.Count); i++)
            {
                var left = i == 0 ? label + Pad(first - labelWidth) : Pad(first);
                lines.Add((Pad(Indent) + left + Pad(Gap) + (i < wrapped.Count ? wrapped[i] : "")).TrimEnd());
            }
        }
        return lines;
    }

    private static string Pad(int cells) => new(' ', Math.Max(0, cells));
}
