using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// ARM AdvSimd + Dp path (Cortex-A76/A78, ARMv8.2 dot product). The structure of
/// <see cref="TernaryDotVector128"/> (16 quant bytes per vector, (q >> 2n) &amp; 3 gives the stored trits
/// of weights 32n + m, m = 0..15, in activation order), with <c>sdot</c> replacing the int16 widening:
/// each int32 lane adds four products s * x, s in {0, 1, 2} and x in [-128, 127] both exact as int8.
/// Cannot run on the x86 build machine; it only uses operations whose semantics the portable path's
/// tests already cover, plus <c>Dp.DotProduct</c>.
/// </summary>
internal static unsafe class TernaryDotNeon
{
    /// <summary>TQ2_0: row by row, four prompt tokens per pass so each unpacked trit vector feeds four <c>sdot</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd) => TernaryRowLoop.Run<Tq2Dot>(job, rowStart, rowEnd);

    private struct Tq2Dot : IRowDot
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int One(byte* w, int blocks, sbyte* x) => DotRowTq2(w, blocks, x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Four(byte* w, int blocks, sbyte* x, int xStride)
        {
            DotRowTq2x4(w, blocks, x, xStride, out int r0, out int r1, out int r2, out int r3);
            return Vector128.Create(r0, r1, r2, r3);
        }
    }

    /// <summary>One row against four tokens' activations (x0, x0 + xStride, ...): the loop of <see cref="DotRowTq2"/>
    /// with one accumulator per token instead of one per shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRowTq2x4(byte* w, int blocks, sbyte* x0, int xStride, out int r0, out int r1, out int r2, out int r3)
    {
        sbyte* x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        Vector128<int> a0 = Vector128<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
        Vector128<byte> mask = Vector128.Create((byte)3);
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes)
        {
            for (int half = 0; half < 2; half++)
            {
                for (int m = 0; m < 32; m += 16)
                {
                    Vector128<byte> q = Vector128.Load(w + 32 * half + m);
                    int o = b * Tq2_0.BlockWeights + 128 * half + m;
                    Vector128<byte> s = q & mask;
                    a0 = Sdot(a0, s, x0 + o); a1 = Sdot(a1, s, x1 + o); a2 = Sdot(a2, s, x2 + o); a3 = Sdot(a3, s, x3 + o);
                    s = Vector128.ShiftRightLogical(q, 2) & mask;
                    a0 = Sdot(a0, s, x0 + o + 32); a1 = Sdot(a1, s, x1 + o + 32); a2 = Sdot(a2, s, x2 + o + 32); a3 = Sdot(a3, s, x3 + o + 32);
                    s = Vector128.ShiftRightLogical(q, 4) & mask;
                    a0 = Sdot(a0, s, x0 + o + 64); a1 = Sdot(a1, s, x1 + o + 64); a2 = Sdot(a2, s, x2 + o + 64); a3 = Sdot(a3, s, x3 + o + 64);
                    s = Vector128.ShiftRightLogical(q, 6);
                    a0 = Sdot(a0, s, x0 + o + 96); a1 = Sdot(a1, s, x1 + o + 96); a2 = Sdot(a2, s, x2 + o + 96); a3 = Sdot(a3, s, x3 + o + 96);
                }
            }
        }
        r0 = Vector128.Sum(a0);
        r1 = Vector128.Sum(a1);
        r2 = Vector128.Sum(a2);
        r3 = Vector128.Sum(a3);
    }

    /// <summary>TQ1_0: each block decoded in registers (<see cref="Tq1TritDecoder.Decode128"/>, tested through the
    /// Vector128 path), one <c>sdot</c> per 16 trits and token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq1(TernaryJob* job, int rowStart, int rowEnd) => TernaryRowLoop.Run<Tq1Dot>(job, rowStart, rowEnd);

    private struct Tq1Dot : IRowDot
    {
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static int One(byte* w, int blocks, sbyte* x)
        {
            Tq1Tokens sink = default;
            sink.Count = 1;
            for (int b = 0; b < blocks; b++, w += Tq1_0.BlockBytes)
            {
                sink.X = x + b * Tq1_0.BlockWeights;
                Tq1TritDecoder.Decode128(w, ref sink);
            }
            return Vector128.Sum(sink.A0);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector128<int> Four(byte* w, int blocks, sbyte* x, int xStride)
        {
            Tq1Tokens sink = default;
            sink.Count = 4;
            sink.Stride = xStride;
            for (int b = 0; b < blocks; b++, w += Tq1_0.BlockBytes)
            {
                sink.X = x + b * Tq1_0.BlockWeights;
                Tq1TritDecoder.Decode128(w, ref sink);
            }
            return Vector128.Create(Vector128.Sum(sink.A0), Vector128.Sum(sink.A1), Vector128.Sum(sink.A2), Vector128.Sum(sink.A3));
        }
    }

    /// <summary>One or four tokens (X, X + Stride, ...), an int32 accumulator each.</summary>
    private struct Tq1Tokens : ITritSink128
    {
        public sbyte* X;
        public int Stride;
        public int Count;
        public Vector128<int> A0, A1, A2, A3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Accept(Vector128<byte> trits, int offset)
        {
            sbyte* x = X + offset;
            A0 = Sdot(A0, trits, x);
            if (Count == 1) return;
            A1 = Sdot(A1, trits, x + Stride);
            A2 = Sdot(A2, trits, x + 2 * Stride);
            A3 = Sdot(A3, trits, x + 3 * Stride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Sdot(Vector128<int> acc, Vector128<byte> s, sbyte* x) =>
        Dp.DotProduct(acc, s.AsSByte(), Vector128.Load(x));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DotRowTq2(byte* w, int blocks, sbyte* x)
    {
        // One accumulator per shift: four independent sdot chains.
        Vector128<int> a0 = Vector128<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
        Vector128<byte> mask = Vector128.Create((byte)3);
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
        {
            for (int half = 0; half < 2; half++)
            {
                for (int m = 0; m < 32; m += 16)
                {
                    Vector128<byte> q = Vector128.Load(w + 32 * half + m);
                    sbyte* xh = x + 128 * half + m;
                    a0 = Sdot(a0, q & mask, xh);
                    a1 = Sdot(a1, Vector128.ShiftRightLogical(q, 2) & mask, xh + 32);
                    a2 = Sdot(a2, Vector128.ShiftRightLogical(q, 4) & mask, xh + 64);
                    a3 = Sdot(a3, Vector128.ShiftRightLogical(q, 6), xh + 96);
                }
            }
        }
        return Vector128.Sum((a0 + a1) + (a2 + a3));
    }
}
