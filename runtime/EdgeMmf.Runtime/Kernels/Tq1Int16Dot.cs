using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// The multiply-accumulate of a path that sums products in int16 lanes (no dot-product instruction): 16 stored trits
/// s in {0, 1, 2} times 16 activations, folded into 8 lanes, and the widening of a block's int16 sums into int32.
/// </summary>
internal unsafe interface IInt16Mac
{
    static abstract Vector128<short> Mac(Vector128<short> acc, Vector128<byte> s, sbyte* x);

    static abstract Vector128<int> Widen(Vector128<int> acc, Vector128<short> block);
}

/// <summary>
/// TQ1_0 row dots for an <see cref="IInt16Mac"/> path (<c>vector128</c>, <c>neon</c>): each block decoded in registers
/// (<see cref="Tq1TritDecoder.Decode128"/>), its 256 products summed per token in int16 (at most 32 x 256 per lane),
/// then widened once per block.
/// </summary>
internal unsafe struct Tq1Int16Dot<TMac> : IRowDot where TMac : struct, IInt16Mac
{
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int One(byte* w, int blocks, sbyte* x)
    {
        Vector128<int> acc = Vector128<int>.Zero;
        Tokens sink = default;
        sink.Count = 1;
        for (int b = 0; b < blocks; b++, w += Tq1_0.BlockBytes)
        {
            sink.X = x + b * Tq1_0.BlockWeights;
            sink.S0 = Vector128<short>.Zero;
            Tq1TritDecoder.Decode128(w, ref sink);
            acc = TMac.Widen(acc, sink.S0);
        }
        return Vector128.Sum(acc);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static Vector128<int> Four(byte* w, int blocks, sbyte* x, int xStride)
    {
        Vector128<int> a0 = Vector128<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
        Tokens sink = default;
        sink.Count = 4;
        sink.Stride = xStride;
        for (int b = 0; b < blocks; b++, w += Tq1_0.BlockBytes)
        {
            sink.X = x + b * Tq1_0.BlockWeights;
            sink.S0 = sink.S1 = sink.S2 = sink.S3 = Vector128<short>.Zero;
            Tq1TritDecoder.Decode128(w, ref sink);
            a0 = TMac.Widen(a0, sink.S0);
            a1 = TMac.Widen(a1, sink.S1);
            a2 = TMac.Widen(a2, sink.S2);
            a3 = TMac.Widen(a3, sink.S3);
        }
        return Vector128.Create(Vector128.Sum(a0), Vector128.Sum(a1), Vector128.Sum(a2), Vector128.Sum(a3));
    }

    /// <summary>One or four tokens (X, X + Stride, ...): a block's int16 sums each.</summary>
    private struct Tokens : ITritSink128
    {
        public sbyte* X;
        public int Stride;
        public int Count;
        public Vector128<short> S0, S1, S2, S3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Accept(Vector128<byte> trits, int offset)
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
