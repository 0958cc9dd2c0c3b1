using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// madvise(2) for the weights, Linux only (elsewhere every call is a no-op that returns false).
/// <para>
/// Huge pages: a decode step streams every weight once, 88 MB (370M) to 335 MB (1.3B); with 4 KB pages that is
/// 22,000-82,000 page walks per token, and the page-table lines they need are evicted by the stream itself.
/// 2 MB pages cut that to a few hundred walks that stay cached (decode +1-14%, docs/dev/performance-log.md).
/// Offered when THP is <c>always</c> or <c>madvise</c>.
/// </para><para>
/// Dropping pages: after <see cref="WeightArena"/> has copied the weights out of a read-only file mapping, the
/// file's pages no longer need to be in this process's resident set; they stay in the page cache for the
/// kernel to keep or reclaim.
/// </para>
/// </summary>
internal static unsafe partial class LinuxMemoryAdvice
{
    /// <summary>The PMD size with 4 KB base pages (x86-64, most arm64 kernels).</summary>
    public const int HugePageBytes = 2 << 20;

    private const int MadvDontNeed = 4;
    private const int MadvHugePage = 14;
    private const string Setting = "/sys/kernel/mm/transparent_hugepage/enabled";

    /// <summary>True on Linux when THP is <c>always</c> or <c>madvise</c>.</summary>
    public static bool HugePagesAvailable { get; } = Probe();

    /// <summary>Asks the kernel to back [p, p + length) with huge pages; false if it refused (the memory works either way).</summary>
    public static bool AdviseHugePages(void* p, nuint length) => HugePagesAvailable && madvise(p, length, MadvHugePage) == 0;

    /// <summary>
    /// Unmaps the whole pages inside [p, p + length) of a read-only shared file mapping from this process; the
    /// next read, if any, maps them again from the page cache. A hint: false if nothing was dropped.
    /// </summary>
    public static bool DropFilePages(void* p, long length)
    {
        if (!OperatingSystem.IsLinux()) return false;
        long page = Environment.SystemPageSize;
        long start = ByteAlignment.Up((long)p, page), end = ((long)p + length) / page * page;
        return end > start && madvise((void*)start, (nuint)(end - start), MadvDontNeed) == 0;
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return !File.ReadAllText(Setting).Contains("[never]", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int madvise(void* address, nuint length, int advice);
}
