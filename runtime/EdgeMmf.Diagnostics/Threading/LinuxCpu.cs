using System.Runtime.InteropServices;

namespace EdgeMmf.Diagnostics.Threading;

/// <summary>sched_getcpu(3): the CPU the calling thread runs on (Linux; a vDSO call, no system call).</summary>
internal static partial class LinuxCpu
{
    public static int Current() => sched_getcpu();

    [LibraryImport("libc")]
    private static partial int sched_getcpu();
}
