using System.CommandLine;
using System.CommandLine.Help;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Cli;

/// <summary>
/// The help text of every command, option and argument comes from the message catalog, keyed by where the symbol sits:
/// <c>help:sandbox job run</c>, <c>help:sandbox job run --wait</c>, <c>help:sandbox job run &lt;JOB.yaml&gt;</c>. The
/// descriptions written beside the symbols in code are the English catalog's text (a test keeps the two equal).
/// </summary>
internal static class HelpTexts
{
    /// <summary>The width help is wrapped to when no terminal tells: a pipe, a file, a test.</summary>
    public const int DefaultWidth = 100;

    /// <summary>Sets every description in the current language and installs the help page that prints them.</summary>
    public static void Localize(RootCommand root, int width)
    {
        var catalog = MessageCatalog.Of(Messages.Current);
        foreach (var (key, symbol) in Keys(root))
        {
            if ((catalog.Find(key) ?? MessageCatalog.Of(UiLanguage.English).Find(key)) is { } text) symbol.Description = text;
        }
        foreach (var help in root.Options.OfType<HelpOption>()) help.Action = new HelpPage(width);
    }

    /// <summary>Every visible symbol of the tree with its catalog key, the root first, depth first.</summary>
    public static IEnumerable<(string Key, Symbol Symbol)> Keys(Command root)
    {
        foreach (var (path, command) in Commands(root))
        {
            yield return ($"help:{path}", command);
            foreach (var option in command.Options.Where(o => !o.Hidden)) yield return ($"help:{path} {option.Name}", option);
            foreach (var argument in command.Arguments.Where(a => !a.Hidden)) yield return ($"help:{path} <{argument.Name}>", argument);
        }
    }

    /// <summary>Every visible command with its path (<c>sandbox job run</c>), the root first, depth first.</summary>
    public static IEnumerable<(string Path, Command Command)> Commands(Command root)
    {
        var pending = new Stack<(string, Command)>();
        pending.Push(("sandbox", root));
        while (pending.Count > 0)
        {
            var (path, command) = pending.Pop();
            yield return (path, command);
            foreach (var sub in command.Subcommands.Where(c => !c.Hidden).Reverse()) pending.Push(($"{path} {sub.Name}", sub));
        }
    }

    /// <summary>
    /// The width to wrap help to: <c>COLUMNS</c> when set (tests and CI fix it), else the terminal's, else
    /// <see cref="DefaultWidth"/>. Never below 40.
    /// </summary>
    public static int Width(Func<string, string?> environment, TextWriter output)
    {
        if (int.TryParse(environment("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var columns) && columns > 0)
        {
            return Math.Max(40, columns);
        }
        if (ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected)
        {
            try { return Math.Max(40, System.Console.WindowWidth); }
            catch (IOException) { }
        }
        return DefaultWidth;
    }
}
