using System.Text;
using Spectre.Console;

namespace Sandbox.Host.Cli;

/// <summary>
/// Wrapping measured in terminal cells: an East Asian wide character takes two. English breaks at spaces; Chinese may
/// break between any two characters, but a line never starts with closing punctuation (，。、；：？！）」》…).
/// </summary>
internal static class CellText
{
    private const string NoLineStart = "，。、；：？！）」』》〉】”’…·,.;:?!)]}";

    /// <summary>The lines of <paramref name="text"/>, none wider than <paramref name="width"/> cells (a single longer word aside).</summary>
    public static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            var lineWidth = 0;
            var last = 0; // where the line's last atom begins
            foreach (var (atom, spaced) in Atoms(paragraph))
            {
                var atomWidth = atom.GetCellWidth();
                var needed = (line.Length > 0 && spaced ? 1 : 0) + atomWidth;
                if (line.Length > 0 && lineWidth + needed > width)
                {
                    var carried = "";
                    // Closing punctuation stays with the atom before it (a character, or a word: "en）"), which moves down too.
                    if (NoLineStart.Contains(atom[0], StringComparison.Ordinal) && !spaced && last > 0)
                    {
                        carried = line.ToString(last, line.Length - last);
                        line.Length = last;
                    }
                    lines.Add(line.ToString().TrimEnd());
                    line.Clear().Append(carried);
                    lineWidth = carried.GetCellWidth();
                    needed = atomWidth;
                }
                if (line.Length > 0 && spaced) line.Append(' ');
                last = line.Length;
                line.Append(atom);
                lineWidth += needed;
            }
            lines.Add(line.ToString().TrimEnd());
        }
        return lines;
    }

    /// <summary>The unbreakable pieces of a line: a word of narrow characters, or one wide character; with whether a space came before.</summary>
    private static IEnumerable<(string Atom, bool Spaced)> Atoms(string text)
    {
        var word = new StringBuilder();
        var spaced = false;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                if (word.Length > 0) { yield return (word.ToString(), spaced); word.Clear(); }
                spaced = true;
                continue;
            }
            if (IsWide(c) || NoLineStart.Contains(c, StringComparison.Ordinal) && !char.IsAscii(c))
            {
                if (word.Length > 0) { yield return (word.ToString(), spaced); word.Clear(); spaced = false; }
                yield return (c.ToString(), spaced);
                spaced = false;
                continue;
            }
            word.Append(c);
        }
        if (word.Length > 0) yield return (word.ToString(), spaced);
    }

    private static bool IsWide(char c) => c.GetCellWidth() > 1;
}
