using System.CommandLine;
using Sandbox.Contracts.Jobs;
using Sandbox.Documents;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Cli;

/// <summary>
/// The <c>sandbox</c> command line. Exit codes: 0 done; 1 refused or failed; 2 bad input or usage.
/// Errors go to stderr as one line naming the file, line or field.
/// </summary>
public sealed partial class SandboxCli
{
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly TimeProvider _time;
    private readonly Func<string, string?> _environment;

    private readonly Option<string?> _home = new("--home") { Description = "The sandbox home (default $SANDBOX_HOME, else ./.sandbox)", Recursive = true };
    private readonly Option<string?> _as = new("--as") { Description = "Act as this principal (declared in principals.yaml); default admin", Recursive = true };
    private readonly Option<bool> _json = new("--json") { Description = "Machine-readable output", Recursive = true };
    private readonly Option<string?> _lang = new(LanguageOption.Name) { Description = "Language of messages and help: en or zh-CN (default: LC_ALL, LC_MESSAGES or LANG, else en)", Recursive = true };

    public SandboxCli(TextWriter output, TextWriter error, TimeProvider time, Func<string, string?>? environment = null)
    {
        _out = output;
        _err = error;
        _time = time;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Runs one command line and returns its exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken = default) =>
        new SandboxCli(output, error, time).InvokeAsync(args, cancellationToken);

    /// <summary>
    /// Runs one command line with its locale variables (<c>LC_ALL</c>, <c>LC_MESSAGES</c>, <c>LANG</c>, <c>COLUMNS</c>)
    /// read from <paramref name="environment"/> instead of the process's.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider time, Func<string, string?> environment, CancellationToken cancellationToken = default) =>
        new SandboxCli(output, error, time, environment).InvokeAsync(args, cancellationToken);

    /// <summary>The command tree with the English descriptions written beside its symbols.</summary>
    internal RootCommand Tree() => Tree(only: null);

    /// <summary>
    /// The tree with every command, or with the root's options and the one top-level command named
    /// <paramref name="only"/>: a command line that names its command parses as it would in the whole tree, and a
    /// short command does not build the other eighteen first.
    /// </summary>
    internal RootCommand Tree(string? only)
    {
        var root = new RootCommand("Sandbox: authorized operation of public data — raw data never leaves the domain.");
        root.Options.Add(_home);
        root.Options.Add(_as);
        root.Options.Add(_json);
        root.Options.Add(_lang);
        foreach (var (name, build) in Commands())
        {
            if (only is null || name == only) root.Subcommands.Add(build());
        }
        return root;
    }

    /// <summary>
    /// The top-level command a command line names: its first word that is neither a root option nor an option's
    /// value, when it is a command's name. Null (build every command) for help, a bare <c>sandbox</c>, a misspelled
    /// command (its suggestions need them all), a response file or a directive.
    /// </summary>
    internal string? CommandNamed(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == _json.Name) continue;
            if (arg == _home.Name || arg == _as.Name || arg == _lang.Name)
            {
                i++;
                continue;
            }
            if (arg.StartsWith(_home.Name + "=", StringComparison.Ordinal) || arg.StartsWith(_as.Name + "=", StringComparison.Ordinal)
                || arg.StartsWith(_lang.Name + "=", StringComparison.Ordinal)) continue;
            return Commands().Any(c => c.Name == arg) ? arg : null;
        }
        return null;
    }

    private async Task<int> InvokeAsync(string[] args, CancellationToken cancellationToken)
    {
        // 1. The language, before anything is written: --lang, else the one a running command (`demo`) chose, else the locale.
        var (language, refused) = LanguageOption.Choose(args, Messages.Explicit, _environment);
        Messages.Current = language;
        if (refused is not null)
        {
            await _err.WriteLineAsync($"sandbox: {refused}").ConfigureAwait(false);
            return 2;
        }

        // 2. The tree, its help in that language, then the parse.
        var root = Tree(CommandNamed(args));
        HelpTexts.Localize(root, HelpTexts.Width(_environment, _out));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpPage)
        {
            await _err.WriteLineAsync($"sandbox: {UsageErrors.Describe(parse)}").ConfigureAwait(false);
            return 2;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = _out, Error = _err, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
    }

    // Each top-level command by its name, in help's order (a test checks each builds the command it is named for).
    internal IReadOnlyList<(string Name, Func<Command> Build)> Commands() =>
    [
        ("init", InitCommand), ("demo", DemoCommand), ("dataset", DatasetCommand), ("mask", MaskCommand), ("policy", PolicyCommand),
        ("grant", GrantCommand), ("job", JobCommand), ("export", ExportCommand), ("audit", AuditCommand), ("keys", KeysCommand),
        ("training", TrainingCommand), ("image", ImageCommand), ("serve", ServeCommand), ("token", TokenCommand),
        ("request", RequestCommand), ("monitor", MonitorCommand), ("quality", QualityCommand), ("report", ReportCommand),
        ("dummy", DummyCommand),
    ];

    /// <summary>
    /// Wraps a command body: typed errors become one stderr line and the contract's exit code — with <c>--json</c>, one
    /// JSON line <c>{"error": {"code", "message"}}</c>.
    /// </summary>
    private Func<ParseResult, CancellationToken, Task<int>> Guard(Func<ParseResult, CancellationToken, Task<int>> body) => async (parse, ct) =>
    {
        try
        {
            return await body(parse, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InputException or PolicyDocumentException or NotFoundException)
        {
            var located = ex switch { InputException input => input.Errors, PolicyDocumentException document => document.Errors, _ => [] };
            var localized = ex switch { InputException input => input.Localized, NotFoundException missing => missing.Localized, _ => null };
            // A document's problems are the libraries' English sentences: each is read back in the reader's language.
            var message = localized?.In(Messages.Current)
                ?? (located.Count > 0 ? string.Join('\n', located.Select(e => (e with { Message = EnglishShapes.Localize(e.Message) }).ToString())) : ex.Message);
            await Error(parse, "cli.prefix.error", ex is NotFoundException ? "not-found" : "bad-input", message, located).ConfigureAwait(false);
            return 2;
        }
        catch (RefusedException ex)
        {
            await Error(parse, "cli.prefix.refusal", ex is ForbiddenException ? "forbidden" : "refused", ex.Localized?.In(Messages.Current) ?? ex.Message).ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await _err.WriteLineAsync(JobState.Cancelled.Name()).ConfigureAwait(false);
            return 130;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // No stack trace reaches a user: one line with an id; the detail goes to a log file inside the home.
            var id = CrashLog.Write(SandboxHome.Resolve(parse.GetValue(_home)), ex, _time);
            await _err.WriteLineAsync(id.Path is null
                ? Messages.Get("cli.crash", ("what", CrashLog.Describe(ex)), ("incident", id.Id))
                : Messages.Get("cli.crash-logged", ("what", CrashLog.Describe(ex)), ("incident", id.Id), ("path", id.Path))).ConfigureAwait(false);
            return 1;
        }
    };

    // Text: one line per problem. JSON: one document; a document's problems also located, the first as file/line/field.
    private Task Error(ParseResult parse, string prefix, string code, string message, IReadOnlyList<Sandbox.Documents.PolicyError>? located = null)
    {
        if (!Json(parse)) return _err.WriteLineAsync(string.Join('\n', message.Split('\n').Select(line => Messages.Get(prefix, ("line", line)))));
        var first = located is { Count: > 0 } ? located[0] : null;
        var error = new
        {
            code,
            message,
            file = first?.File,
            line = first?.Line,
            column = first?.Column,
            field = first?.Field,
            errors = located is { Count: > 1 } ? located.Select(e => new { e.File, e.Line, e.Field, e.Message }) : null,
        };
        return _err.WriteLineAsync(Jsons.Serialize(new { error }));
    }

    private Func<ParseResult, CancellationToken, Task<int>> Guard(Func<ParseResult, int> body) =>
        Guard((parse, _) => Task.FromResult(body(parse)));

    private SandboxSession Open(ParseResult parse) =>
        SandboxSession.Open(SandboxHome.Resolve(parse.GetValue(_home)), parse.GetValue(_as), _time);

    private bool Json(ParseResult parse) => parse.GetValue(_json);

    /// <summary>A table's column headers in the current language (ids <c>cli.column.NAME</c>).</summary>
    private static string[] Headers(params string[] names) => [.. names.Select(n => Messages.Get($"cli.column.{n}"))];
}
