using System.Security.Cryptography;
using System.Text;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// The main process of a job container (under tini): a POSIX <c>sh</c> script that runs the job's argv, then reports on
/// the container's stdout what the host needs once the job has ended — a header (the job's exit code, <c>df</c> of
/// <c>/out</c> and <c>/tmp</c>, the cgroup's OOM and pids counters and its CPU time and peak memory, read from inside
/// while the cgroup still exists)
/// and the tar of <c>/out</c> — and exits, so the container stops by itself: no exec into a live container, no kill
/// of one after a normal end.
/// </summary>
/// <remarks>
/// <para>The container's stdout carries, in order: the job's own stdout ‖ <c>BOUNDARY\n</c> ‖ header lines ‖
/// <c>BOUNDARY\n</c> ‖ tar. The job's stderr stays on stderr. Keeping the job's stdout where it was keeps
/// <c>sandbox job logs</c> and the runner's report (its last stdout line) as they were.</para>
/// <para>The boundary is random per job and reaches the script on stdin, never in argv or the environment, so the job
/// cannot read it from <c>/proc/PID/cmdline</c> or <c>environ</c>. A job that digs it out anyway (same uid: it can read
/// the script's memory) only lies about itself: the host still checks every tar entry (<see cref="OutputCollector"/>),
/// its own kills decide before anything the container says, and the engine's OOM flag is read as well.</para>
/// </remarks>
internal static class JobSupervisor
{
    /// <summary>
    /// The script, run as <c>sh -c SCRIPT sandbox-supervisor ARGV…</c>. Line by line: read the boundary, then close
    /// stdin; run the job in a subshell whose <c>oom_score_adj</c> is 1000 (the kernel kills the job, never the script,
    /// when memory runs out; an unprivileged job cannot lower it again); SIGKILL every process the job left behind
    /// (<c>kill -1</c> spares only tini and the script) until none is left, so nothing but the script writes to stdout
    /// from here on; print the header; hand over to tar, whose exit status becomes the container's.
    /// </summary>
    public const string Script = """
        IFS= read -r b || exit 125
        exec </dev/null
        ( { echo 1000 >/proc/self/oom_score_adj; } 2>/dev/null; exec "$@" )
        c=$?
        i=0
        while kill -9 -1 2>/dev/null && [ "$i" -lt 10000 ]; do i=$((i + 1)); done
        printf '%s\nexit %s\n' "$b" "$c"
        df -P -B1 /out /tmp 2>/dev/null
        for f in memory.events memory/memory.oom_control; do [ -r "/sys/fs/cgroup/$f" ] && while read -r k v; do echo "memory $k $v"; done <"/sys/fs/cgroup/$f"; done
        for f in pids.events pids/pids.events; do [ -r "/sys/fs/cgroup/$f" ] && while read -r k v; do echo "pids $k $v"; done <"/sys/fs/cgroup/$f"; done
        for f in cpuacct/cpuacct.usage memory/memory.max_usage_in_bytes memory.peak; do [ -r "/sys/fs/cgroup/$f" ] && read -r v <"/sys/fs/cgroup/$f" && echo "usage $f $v"; done
        [ -r /sys/fs/cgroup/cpu.stat ] && while read -r k v; do echo "cpu $k $v"; done </sys/fs/cgroup/cpu.stat
        printf '%s\n' "$b"
        exec tar --numeric-owner -C /out -cf - .
        """;

    /// <summary>The container's entrypoint; the job's argv follows as its command.</summary>
    public static IReadOnlyList<string> Entrypoint { get; } = ["/bin/sh", "-c", Script, "sandbox-supervisor"];

    /// <summary>A fresh boundary: 128 random bits in hex, so no output can contain it by chance.</summary>
    public static string NewBoundary() => "sandbox-boundary-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The boundary as it appears on stdout: its own line.</summary>
    public static byte[] Marker(string boundary) => Encoding.ASCII.GetBytes(boundary + "\n");
}
