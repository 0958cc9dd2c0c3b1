using System.Runtime.InteropServices;

namespace EdgeMmf.Runtime.Threading;

/// <summary>
/// Linux sched_getaffinity(2) / sched_setaffinity(2) for the calling thread: which CPUs it may run on, and pinning it
/// to one. Elsewhere, or when the calls fail, nothing is pinned and every CPU counts as allowed.
/// </summary>
internal static unsafe partial class CpuAffinity
{
    private const int MaskWords = 16; // 1,024 CPUs

    /// <summary>The CPUs the calling thread may run on, in ascending order; empty when unknown.</summary>
    public static int[] Allowed()
    {
        if (!OperatingSystem.IsLinux()) return [];
        ulong* mask = stackalloc ulong[MaskWords];
        if (sched_getaffinity(0, MaskWords * sizeof(ulong), mask) != 0) return [];
        int count = 0;
        for (int w = 0; w < MaskWords; w++) count += System.Numerics.BitOperations.PopCount(mask[w]);
        int[] cpus = new int[count];
        for (int cpu = 0, k = 0; cpu < MaskWords * 64; cpu++)
            if ((mask[cpu / 64] >> (cpu % 64) & 1) != 0) cpus[k++] = cpu;
        return cpus;
    }

    /// <summary>Restricts the calling thread to <paramref name="cpu"/>; false if the system refused.</summary>
    public static bool PinCurrentThread(int cpu)
    {
        if (!OperatingSystem.IsLinux() || cpu < 0 || cpu >= MaskWords * 64) return false;
        ulong* mask = stackalloc ulong[MaskWords];
        for (int w = 0; w < MaskWords; w++) mask[w] = 0;
        mask[cpu / 64] = 1UL << (cpu % 64);
        return sched_setaffinity(0, MaskWords * sizeof(ulong), mask) == 0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int sched_getaffinity(int pid, nuint size, ulong* mask);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int sched_setaffinity(int pid, nuint size, ulong* mask);
}
