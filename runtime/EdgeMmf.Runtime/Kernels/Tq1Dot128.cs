using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// TQ1_0 row dots on 16-byte vectors for a <see cref="ITritMac128"/> path (<c>vector128</c>, <c>neon</c>,
/// <c>neon-dotprod</c>): each block decoded in registers (<see cref="Tq1TritDecoder.Decode128"/>) and multiplied
/// as TQ2_0's trits are, one block accumulator per token.
/// </summary>
internal unsafe struct Tq1Dot128<TMac> : IRowDot where TMac : struct, ITritMac128
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
            sink.S0 = Vector128<int>.Zero;
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
            sink.S0 = sink.S1 = sink.S2 = sink.S3 = Vector128<int>.Zero;
            Tq1TritDecoder.Decode128(w, ref sink);
            a0 = TMac.Widen(a0, sink.S0);
            a1 = TMac.Widen(a1, sink.S1);
            a2 = TMac.Widen(a2, sink.S2);
            a3 = TMac.Widen(a3, sink.S3);
        }
        return Vector128.Create(Vector128.Sum(a0), Vector128.Sum(a1), Vector128.Sum(a2), Vector128.Sum(a3));
    }

    /// <summary>One or four tokens (X, X + Stride, ...): a block accumulator each.</summary>
    private struct Tokens : ITritSink128
    {
        public sbyte* X;
        public int Stride;
        public int Count;
        public Vector128<int> S0, S1, S2, S3;

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
