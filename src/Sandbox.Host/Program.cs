using System.Runtime.InteropServices;
using Sandbox.Host.Cli;

Sandbox.Runner.Timing.PhaseClock.Mark("main");

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C cancels the running job cleanly; the audit log records it.
    e.Cancel = true;
    cancel.Cancel();
};
// SIGTERM (systemd, Docker, Kubernetes) stops the same way: `serve` stops taking requests and exits 0, a job is
// recorded as cancelled.
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});
return await SandboxCli.RunAsync(args, Console.Out, Console.Error, TimeProvider.System, cancel.Token);
