using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>The pieces every x86 path shares: TQ2_0 trit extraction, decode prefetching and the four-row reduction.</summary>
internal static unsafe class X86Blocks
{
    /// <summary>
    /// How far ahead of each row stream decode prefetches: a memory latency's worth of bytes at full bandwidth and
    /// then some. A sharp optimum (none, 4, 6, 8, 10, 12, 16 KB tried; docs/performance.md, "Read-ahead"); farther
    /// than ~10 KB the prefetches outrun what one core keeps in flight.
    /// </summary>
    internal const int PrefetchBytes = 8192;

    /// <summary>
    /// A row-pair decode operation's prefetches for one block step: two adjacent rows are one contiguous stream of
    /// 2 x rowBytes and are prefetched as one, <paramref name="ahead"/> starting <see cref="PrefetchBytes"/> past
    /// the first row and moving two blocks per step (two interleaved streams a row apart streamed slower).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void PrefetchPairStep(byte* ahead)
    {
        Sse.Prefetch0(ahead);
        Sse.Prefetch0(ahead + Tq2_0.BlockBytes);
    }

    /// <summary>(q &gt;&gt; shift) &amp; 3: the stored trits of one TQ2_0 shift group (<see cref="Tq2_0"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<byte> Trits(Vector256<byte> q, [ConstantExpected(Min = 0, Max = 6)] byte shift) =>
        (shift == 0 ? q : Avx2.ShiftRightLogical(q.AsUInt16(), shift).AsByte()) & Vector256.Create((byte)3);

    /// <summary>The 512-bit <see cref="Trits(Vector256{byte}, byte)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<byte> Trits(Vector512<byte> q, [ConstantExpected(Min = 0, Max = 6)] byte shift) =>
        (shift == 0 ? q : Avx512BW.ShiftRightLogical(q.AsUInt16(), shift).AsByte()) & Vector512.Create((byte)3);

    /// <summary>[sum(v0), sum(v1), sum(v2), sum(v3)]: one horizontal reduction for four rows or tokens.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> SumEach(Vector256<int> v0, Vector256<int> v1, Vector256<int> v2, Vector256<int> v3)
    {
        // hadd works within 128-bit halves: after two rounds lane r (and r + 4) holds half of row r's sum.
        Vector256<int> h = Avx2.HorizontalAdd(Avx2.HorizontalAdd(v0, v1), Avx2.HorizontalAdd(v2, v3));
        return h.GetLower() + h.GetUpper();
    }
}
