using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// TQ2_0 row dots on 16-byte vectors for a <see cref="ITritMac128"/> path (<c>vector128</c>, <c>neon</c>; <c>neon-dotprod</c>
/// has <see cref="Tq2DotSdot"/>): 16 quant bytes per vector, and (q &gt;&gt; 2n) &amp; 3 gives the stored trits of weights
/// 32n + m, m = 0..15, in activation order (<see cref="Tq2_0"/>). Two block accumulators per token, alternating by
/// shift, keep two independent multiply-accumulate chains.
/// </summary>
internal unsafe struct Tq2Dot128<TMac> : IRowDot where TMac : struct, ITritMac128
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int One(byte* w, int blocks, sbyte* x)
    {
        Vector128<int> acc = Vector128<int>.Zero;
        Vector128<byte> mask = Vector128.Create((byte)3);
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
        {
            Vector128<int> low = Vector128<int>.Zero, high = low;
            for (int half = 0; half < 2; half++)
            {
                for (int m = 0; m < 32; m += 16)
                {
                    Vector128<byte> q = Vector128.Load(w + 32 * half + m);
                    sbyte* xh = x + 128 * half + m;
                    low = TMac.Mac(low, q & mask, xh);
                    high = TMac.Mac(high, Vector128.ShiftRightLogical(q, 2) & mask, xh + 32);
                    low = TMac.Mac(low, Vector128.ShiftRightLogical(q, 4) & mask, xh + 64);
                    high = TMac.Mac(high, Vector128.ShiftRightLogical(q, 6), xh + 96);
                }
            }
            acc = TMac.Widen(TMac.Widen(acc, low), high);
        }
        return Vector128.Sum(acc);
    }

    /// <summary>The loop of <see cref="One"/> with one block accumulator per token: each unpacked trit vector feeds four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector128<int> Four(byte* w, int blocks, sbyte* x0, int xStride)
    {
        sbyte* x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        Vector128<int> a0 = Vector128<int>.Zero, a1 = a0, a2 = a0, a3 = a0;
        Vector128<byte> mask = Vector128.Create((byte)3);
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes)
        {
            Vector128<int> s0 = Vector128<int>.Zero, s1 = s0, s2 = s0, s3 = s0;
            for (int half = 0; half < 2; half++)
            {
                for (int m = 0; m < 32; m += 16)
                {
                    Vector128<byte> q = Vector128.Load(w + 32 * half + m);
                    int o = b * Tq2_0.BlockWeights + 128 * half + m;
                    Vector128<byte> s = q & mask;
                    s0 = TMac.Mac(s0, s, x0 + o); s1 = TMac.Mac(s1, s, x1 + o); s2 = TMac.Mac(s2, s, x2 + o); s3 = TMac.Mac(s3, s, x3 + o);
                    s = Vector128.ShiftRightLogical(q, 2) & mask;
                    s0 = TMac.Mac(s0, s, x0 + o + 32); s1 = TMac.Mac(s1, s, x1 + o + 32); s2 = TMac.Mac(s2, s, x2 + o + 32); s3 = TMac.Mac(s3, s, x3 + o + 32);
                    s = Vector128.ShiftRightLogical(q, 4) & mask;
                    s0 = TMac.Mac(s0, s, x0 + o + 64); s1 = TMac.Mac(s1, s, x1 + o + 64); s2 = TMac.Mac(s2, s, x2 + o + 64); s3 = TMac.Mac(s3, s, x3 + o + 64);
                    s = Vector128.ShiftRightLogical(q, 6);
                    s0 = TMac.Mac(s0, s, x0 + o + 96); s1 = TMac.Mac(s1, s, x1 + o + 96); s2 = TMac.Mac(s2, s, x2 + o + 96); s3 = TMac.Mac(s3, s, x3 + o + 96);
                }
            }
            a0 = TMac.Widen(a0, s0);
            a1 = TMac.Widen(a1, s1);
            a2 = TMac.Widen(a2, s2);
            a3 = TMac.Widen(a3, s3);
        }
        return Vector128.Create(Vector128.Sum(a0), Vector128.Sum(a1), Vector128.Sum(a2), Vector128.Sum(a3));
    }
}
