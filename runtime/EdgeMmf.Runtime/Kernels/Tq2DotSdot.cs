using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// TQ2_0 row dots for <c>neon-dotprod</c> without shifting each trit down: q &amp; 0x03, q &amp; 0x0C, q &amp; 0x30 and
/// q &gt;&gt; 6 are s, 4s, 16s and s for weights 32n + m, n = 0..3 (<see cref="Tq2_0"/>), each <c>sdot</c>'d into its own
/// int32 accumulator; once per row the 4s sums are shifted right by 2 and the 16s sums by 4, exact because every term
/// is a multiple of 4 or 16. Its own loop because only <c>sdot</c> sums in int32: the int16 lanes of
/// <see cref="Tq2Dot128{TMac}"/>'s other paths could not hold 16s products. Per 16 bytes 3 AND + 1 USHR + 4 SDOT.
/// </summary>
/// <remarks>
/// Headroom: |16s * x| &lt;= 16 * 2 * 128 = 4096, and an accumulator lane adds at most 16 such products per block
/// (after <see cref="One"/>'s two half accumulators are added), at most 2^16 a block, so int32 holds 32767 blocks
/// (8.4 M columns); the longest row of docs/model-spec.md's checkpoints is the 2.7B's 6912 columns (27 blocks).
/// </remarks>
internal unsafe struct Tq2DotSdot : IRowDot
{
    /// <summary>Two accumulators per trit position, one per 32-byte half, so each chain takes 2 <c>sdot</c> a block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int One(byte* w, int blocks, sbyte* x)
    {
        Vector128<int> a0 = Vector128<int>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        // Masks in locals: created inside the loop they were rebuilt (movi) every block.
        Vector128<byte> m0 = Vector128.Create((byte)0x03), m1 = Vector128.Create((byte)0x0C), m2 = Vector128.Create((byte)0x30);
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes, x += Tq2_0.BlockWeights)
        {
            Mac(ref a0, ref a1, ref a2, ref a3, Vector128.Load(w), x, m0, m1, m2);
            Mac(ref a0, ref a1, ref a2, ref a3, Vector128.Load(w + 16), x + 16, m0, m1, m2);
            Mac(ref b0, ref b1, ref b2, ref b3, Vector128.Load(w + 32), x + 128, m0, m1, m2);
            Mac(ref b0, ref b1, ref b2, ref b3, Vector128.Load(w + 48), x + 144, m0, m1, m2);
        }
        return Combine(a0 + b0, a1 + b1, a2 + b2, a3 + b3);
    }

    /// <summary><see cref="One"/>'s loop with one accumulator per trit position and token: each masked vector feeds four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector128<int> Four(byte* w, int blocks, sbyte* x0, int xStride)
    {
        sbyte* x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        Vector128<int> p00 = Vector128<int>.Zero, p01 = p00, p02 = p00, p03 = p00, p10 = p00, p11 = p00, p12 = p00, p13 = p00;
        Vector128<int> p20 = p00, p21 = p00, p22 = p00, p23 = p00, p30 = p00, p31 = p00, p32 = p00, p33 = p00;
        for (int b = 0; b < blocks; b++, w += Tq2_0.BlockBytes)
        {
            for (int half = 0; half < 2; half++)
            {
                for (int m = 0; m < 32; m += 16)
                {
                    Vector128<byte> q = Vector128.Load(w + 32 * half + m);
                    int o = b * Tq2_0.BlockWeights + 128 * half + m;
                    Vector128<sbyte> s = (q & Vector128.Create((byte)0x03)).AsSByte();
                    p00 = Dot(p00, s, x0 + o); p01 = Dot(p01, s, x1 + o); p02 = Dot(p02, s, x2 + o); p03 = Dot(p03, s, x3 + o);
                    o += 32;
                    s = (q & Vector128.Create((byte)0x0C)).AsSByte();
                    p10 = Dot(p10, s, x0 + o); p11 = Dot(p11, s, x1 + o); p12 = Dot(p12, s, x2 + o); p13 = Dot(p13, s, x3 + o);
                    o += 32;
                    s = (q & Vector128.Create((byte)0x30)).AsSByte();
                    p20 = Dot(p20, s, x0 + o); p21 = Dot(p21, s, x1 + o); p22 = Dot(p22, s, x2 + o); p23 = Dot(p23, s, x3 + o);
                    o += 32;
                    s = Vector128.ShiftRightLogical(q, 6).AsSByte();
                    p30 = Dot(p30, s, x0 + o); p31 = Dot(p31, s, x1 + o); p32 = Dot(p32, s, x2 + o); p33 = Dot(p33, s, x3 + o);
                }
            }
        }
        return Vector128.Create(Combine(p00, p10, p20, p30), Combine(p01, p11, p21, p31),
            Combine(p02, p12, p22, p32), Combine(p03, p13, p23, p33));
    }

    /// <summary>The four trit positions of 16 quant bytes (masks 0x03, 0x0C, 0x30) against activations x, x + 32, x + 64, x + 96.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mac(ref Vector128<int> p0, ref Vector128<int> p1, ref Vector128<int> p2, ref Vector128<int> p3,
        Vector128<byte> q, sbyte* x, Vector128<byte> m0, Vector128<byte> m1, Vector128<byte> m2)
    {
        p0 = Dot(p0, (q & m0).AsSByte(), x);
        p1 = Dot(p1, (q & m1).AsSByte(), x + 32);
        p2 = Dot(p2, (q & m2).AsSByte(), x + 64);
        p3 = Dot(p3, Vector128.ShiftRightLogical(q, 6).AsSByte(), x + 96);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Dot(Vector128<int> acc, Vector128<sbyte> s, sbyte* x) => Dp.DotProduct(acc, s, Vector128.Load(x));

    /// <summary>sum_j s_j * x_j from the s, 4s, 16s and s sums (arithmetic shifts of exact multiples).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Combine(Vector128<int> p0, Vector128<int> p1, Vector128<int> p2, Vector128<int> p3) =>
        Vector128.Sum(p0 + p3 + Vector128.ShiftRightArithmetic(p1, 2) + Vector128.ShiftRightArithmetic(p2, 4));
}
