using System.CommandLine;
using Sandbox.Host.Cli;

namespace Sandbox.Host.Tests.Cli;

/// <summary>
/// A command line that names its top-level command is parsed in a tree holding that command only (a short command
/// does not build the other eighteen): it must parse exactly as in the whole tree, and a line that names no command
/// (help, a typo, a bare <c>sandbox</c>) gets the whole tree.
/// </summary>
public sealed class CommandTreeTests
{
    private static SandboxCli Cli() => new(TextWriter.Null, TextWriter.Null, TimeProvider.System);

    [Fact]
    public void Commands_EachName_BuildsTheCommandOfThatName_InHelpsOrder()
    {
        var cli = Cli();
        Assert.Equal(cli.Commands().Select(c => c.Name), cli.Commands().Select(c => c.Build().Name));
        Assert.Equal(cli.Commands().Select(c => c.Name), cli.Tree().Subcommands.Select(c => c.Name));
    }

    [Theory]
    [InlineData("job run job.yaml --wait", "job")]
    [InlineData("--home h --as zijin-analyst job run job.yaml", "job")]
    [InlineData("--json --lang zh-CN grant list", "grant")]
    [InlineData("--home=h --as=bureau-officer dataset import x.csv", "dataset")]
    [InlineData("--as job grant list", "grant")]
    [InlineData("", null)]
    [InlineData("--help", null)]
    [InlineData("--version", null)]
    [InlineData("jbo run x", null)]
    [InlineData("--home h", null)]
    [InlineData("@args.rsp", null)]
    public void CommandNamed_FindsTheCommandWord(string line, string? expected) =>
        Assert.Equal(expected, Cli().CommandNamed(Split(line)));

    [Theory]
    [InlineData("--home h --as zijin-analyst job run job.yaml --wait --backend inprocess")]
    [InlineData("job run")]
    [InlineData("job rnu job.yaml")]
    [InlineData("grant list --json --state active")]
    [InlineData("export request job-1 q --bogus")]
    [InlineData("audit verify extra")]
    [InlineData("dummy")]
    [InlineData("serve --urls http://127.0.0.1:0")]
    public void Parse_InTheOneCommandTree_IsTheParseInTheWholeTree(string line)
    {
        var args = Split(line);
        var cli = Cli();
        var whole = cli.Tree().Parse(args);
        var one = cli.Tree(cli.CommandNamed(args)).Parse(args);
        Assert.Equal(PathOf(whole.CommandResult.Command, whole), PathOf(one.CommandResult.Command, one));
        Assert.Equal(whole.Errors.Select(e => e.Message), one.Errors.Select(e => e.Message));
        Assert.Equal(whole.Tokens.Select(t => (t.Value, t.Type)), one.Tokens.Select(t => (t.Value, t.Type)));
    }

    private static string[] Split(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string PathOf(Command command, ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult) names.Add(result.Command.Name);
        names.Reverse();
        return string.Join(' ', names) + $" ({command.Name})";
    }
}
