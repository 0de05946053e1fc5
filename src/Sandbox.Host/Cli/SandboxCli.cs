using System.CommandLine;
using Sandbox.Contracts.Jobs;
using Sandbox.Documents;
using Sandbox.Host.Home;

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

    private readonly Option<string?> _home = new("--home") { Description = "The sandbox home (default $SANDBOX_HOME, else ./.sandbox)", Recursive = true };
    private readonly Option<string?> _as = new("--as") { Description = "Act as this principal (declared in principals.yaml); default admin", Recursive = true };
    private readonly Option<bool> _json = new("--json") { Description = "Machine-readable output", Recursive = true };

    public SandboxCli(TextWriter output, TextWriter error, TimeProvider time)
    {
        _out = output;
        _err = error;
        _time = time;
    }

    /// <summary>Runs one command line and returns its exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken = default) =>
        new SandboxCli(output, error, time).InvokeAsync(args, cancellationToken);

    private async Task<int> InvokeAsync(string[] args, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Sandbox: authorized operation of public data — raw data never leaves the domain.");
        root.Options.Add(_home);
        root.Options.Add(_as);
        root.Options.Add(_json);
        foreach (var command in Commands()) root.Subcommands.Add(command);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await _err.WriteLineAsync($"sandbox: {UsageErrors.Describe(parse)}").ConfigureAwait(false);
            return 2;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = _out, Error = _err, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
    }

    private IEnumerable<Command> Commands() =>
    [
        InitCommand(), DemoCommand(), DatasetCommand(), MaskCommand(), PolicyCommand(), GrantCommand(),
        JobCommand(), ExportCommand(), AuditCommand(), KeysCommand(), TrainingCommand(), ImageCommand(), ServeCommand(), TokenCommand(),
        RequestCommand(), MonitorCommand(), QualityCommand(), ReportCommand(), DummyCommand(),
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
            await Error(parse, "error", ex is NotFoundException ? "not-found" : "bad-input", ex.Message, located).ConfigureAwait(false);
            return 2;
        }
        catch (RefusedException ex)
        {
            await Error(parse, "refused", ex is ForbiddenException ? "forbidden" : "refused", ex.Message).ConfigureAwait(false);
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
            await _err.WriteLineAsync($"failed: {CrashLog.Describe(ex)} (incident {id.Id}{(id.Path is null ? "" : $"; detail in {id.Path}")})").ConfigureAwait(false);
            return 1;
        }
    };

    // Text: one line per problem. JSON: one document; a document's problems also located, the first as file/line/field.
    private Task Error(ParseResult parse, string prefix, string code, string message, IReadOnlyList<Sandbox.Documents.PolicyError>? located = null)
    {
        if (!Json(parse)) return _err.WriteLineAsync(string.Join('\n', message.Split('\n').Select(line => $"{prefix}: {line}")));
        var first = located is { Count: > 0 } ? located[0] : null;
        var error = new
        {
            code,
            message,
            file = first?.File,
            line = first?.Line,
            field = first?.Field,
            errors = located is { Count: > 1 } ? located.Select(e => new { e.File, e.Line, e.Field, e.Message }) : null,
        };
        return _err.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(new { error }, Jsons.Options));
    }

    private Func<ParseResult, CancellationToken, Task<int>> Guard(Func<ParseResult, int> body) =>
        Guard((parse, _) => Task.FromResult(body(parse)));

    private SandboxSession Open(ParseResult parse) =>
        SandboxSession.Open(SandboxHome.Resolve(parse.GetValue(_home)), parse.GetValue(_as), _time);

    private bool Json(ParseResult parse) => parse.GetValue(_json);
}
