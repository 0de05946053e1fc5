using Sandbox.Host.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C cancels the running job cleanly; the audit log records it.
    e.Cancel = true;
    cancel.Cancel();
};
return await SandboxCli.RunAsync(args, Console.Out, Console.Error, TimeProvider.System, cancel.Token);
