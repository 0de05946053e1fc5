using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sandbox.Host.Backends.Docker;

/// <summary>Runs one command inside a job's container as the job user and reads its streams.</summary>
internal static class ContainerExec
{
    /// <summary>Starts <paramref name="command"/> and returns its attached stream and exec id.</summary>
    public static async Task<(string ExecId, MultiplexedStream Stream)> StartAsync(DockerClient client, string containerId, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var exec = await client.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters
        {
            Cmd = [.. command],
            User = JobContainerBuilder.User,
            WorkingDir = "/job",
            AttachStdout = true,
            AttachStderr = true,
            AttachStdin = false,
            Privileged = false,
            TTY = false,
        }, cancellationToken).ConfigureAwait(false);
        var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters { Detach = false, TTY = false }, cancellationToken).ConfigureAwait(false);
        return (exec.ID, stream);
    }

    /// <summary>The exit code once the exec has ended (the stream's end can come a moment before the engine knows).</summary>
    public static async Task<long?> ExitCodeAsync(DockerClient client, string execId, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 50; i++)
        {
            var inspect = await client.Exec.InspectContainerExecAsync(execId, cancellationToken).ConfigureAwait(false);
            if (!inspect.Running) return inspect.ExitCode;
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    /// <summary>Runs a helper command to its end: stdout into <paramref name="sink"/> (at most <paramref name="cap"/> bytes), stderr's first line returned.</summary>
    public static async Task<(long? ExitCode, string Error, bool Truncated)> RunAsync(DockerClient client, string containerId, IReadOnlyList<string> command, Stream sink, long cap, CancellationToken cancellationToken)
    {
        var (execId, stream) = await StartAsync(client, containerId, command, cancellationToken).ConfigureAwait(false);
        using (stream)
        {
            var buffer = new byte[81920];
            var error = new StringBuilder();
            long written = 0;
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (read.EOF) break;
                if (read.Target == MultiplexedStream.TargetStream.StandardError)
                {
                    if (error.Length < 4096) error.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
                    continue;
                }
                written += read.Count;
                if (written > cap) return (null, "", true);
                await sink.WriteAsync(buffer.AsMemory(0, read.Count), cancellationToken).ConfigureAwait(false);
            }
            var code = await ExitCodeAsync(client, execId, cancellationToken).ConfigureAwait(false);
            return (code, error.ToString().Split('\n')[0], false);
        }
    }
}
