using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// TQ1_0 row dots on 32-byte vectors for a <see cref="ITritMac256"/> path (<c>avx2</c>, <c>avx-vnni</c>; <c>avx512</c>
/// uses avx2's): each block decoded in registers (<see cref="Tq1TritDecoder.Decode"/>), eight multiply-accumulates
/// per token into a block accumulator, widened once per block. <see cref="Tq1Dot128{TMac}"/> at twice the width,
/// with the x86 decoder: a twin on purpose, since .NET 10 has no public <c>ISimdVector</c> to write one body over
/// both widths, and a wrapper of our own would put the hot loop's codegen at the JIT's mercy.
/// </summary>
internal unsafe struct Tq1Dot256<TMac> : IRowDot where TMac : struct, ITritMac256
{
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int One(byte* w, int blocks, sbyte* x)
    {
        Vector256<int> acc = Vector256<int>.Zero;
        Tokens sink = default;
        sink.Count = 1;
        for (int b = 0; b < blocks; b++, w += Tq1_0.BlockBytes)
        {
            Sse.Prefetch0(w + X86Blocks.PrefetchBytes);
            sink.X = x + b * Tq1_0.BlockWeights;
            sink.S0 = Vector256<int>.Zero;
            Tq1TritDecoder.Decode(w, ref sink);
            acc = TMac.Widen(acc, sink.S0);
        }
        return Vector256.Sum(acc);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static Vector128<int> Four(byte* w, int blocks, sbyte* x, int xStride)
    {
        Vector256<int> a0 = Vector256<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
        Tokens sink = default;
        sink.Count = 4;
        sink.Stride = xStride;
        for (int b = 0; b < blocks; b++, w += Tq1_0.BlockBytes)
        {
            sink.X = x + b * Tq1_0.BlockWeights;
            sink.S0 = sink.S1 = sink.S2 = sink.S3 = Vector256<int>.Zero;
            Tq1TritDecoder.Decode(w, ref sink);
            a0 = TMac.Widen(a0, sink.S0);
            a1 = TMac.Widen(a1, sink.S1);
            a2 = TMac.Widen(a2, sink.S2);
            a3 = TMac.Widen(a3, sink.S3);
        }
        return X86Blocks.SumEach(a0, a1, a2, a3);
    }

    /// <summary>One or four tokens (X, X + Stride, ...): a block accumulator each.</summary>
    private struct Tokens : ITritSink
    {
        public sbyte* X;
        public int Stride;
        public int Count;
        public Vector256<int> S0, S1, S2, S3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Accept(Vector256<byte> trits, int offset)
        {
            sbyte* x = X + offset;
            S0 = TMac.Mac(S0, trits, x);
            if (Count == 1) return;
            S1 = TMac.Mac(S1, trits, x + Stride);
            S2 = TMac.Mac(S2, trits, x + 2 * Stride);
            S3 = TMac.Mac(S3, trits, x + 3 * Stride);
        }
    }
}
