using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeMmf.Diagnostics.Threading;

/// <summary>
/// Streams a range of memory with plain vector loads, four independent accumulators, and sums it as 64-bit words:
/// the loop <see cref="MemoryBandwidthProbe"/> times, and the one <c>bench --memory-only</c> runs in place of the
/// kernels (<see cref="Kernels.MemoryOnlyKernel"/>). The sum keeps every load observable.
/// </summary>
internal static unsafe class VectorRead
{
    /// <summary>The sum of the 8-byte words in [p, end) (a last partial word is not read): loads only, the probe's bare streaming rate.</summary>
    public static long Sum(byte* p, byte* end) => Sum<WithoutPrefetch>(p, end, 0);

    /// <summary><see cref="Sum(byte*, byte*)"/>, each 128-byte step also prefetching <paramref name="prefetchBytes"/> ahead as the kernels do (x86).</summary>
    public static long SumPrefetching(byte* p, byte* end, int prefetchBytes) => Sum<WithPrefetch>(p, end, prefetchBytes);

    private struct WithoutPrefetch;

    private struct WithPrefetch;

    /// <summary>Specialized per <typeparamref name="TPrefetch"/>, so the probe's loop carries no prefetch test.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Sum<TPrefetch>(byte* p, byte* end, int prefetchBytes) where TPrefetch : struct
    {
        long sum;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<long> a = Vector256<long>.Zero, b = a, c = a, d = a;
            for (; p + 128 <= end; p += 128)
            {
                if (typeof(TPrefetch) == typeof(WithPrefetch) && Sse.IsSupported) Sse.Prefetch0(p + prefetchBytes);
                a += Vector256.Load((long*)p);
                b += Vector256.Load((long*)(p + 32));
                c += Vector256.Load((long*)(p + 64));
                d += Vector256.Load((long*)(p + 96));
            }
            sum = Vector256.Sum((a + b) + (c + d));
        }
        else
        {
            Vector128<long> a = Vector128<long>.Zero, b = a, c = a, d = a;
            for (; p + 64 <= end; p += 64)
            {
                a += Vector128.Load((long*)p);
                b += Vector128.Load((long*)(p + 16));
                c += Vector128.Load((long*)(p + 32));
                d += Vector128.Load((long*)(p + 48));
            }
            sum = Vector128.Sum((a + b) + (c + d));
        }
        for (; p + 8 <= end; p += 8) sum += *(long*)p;
        return sum;
    }
}
