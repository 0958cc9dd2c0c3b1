using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// ARM AdvSimd + Dp path (Cortex-A76/A78, Armv8.2 dot product): TQ2_0 in its own loop (<see cref="Tq2DotSdot"/>), TQ1_0
/// in the 16-byte block loop <see cref="Tq1Dot128{TMac}"/> with <c>sdot</c>: each int32 lane adds four products s * x,
/// s in {0, 1, 2} and x in [-128, 127] both exact as int8, so nothing needs widening.
/// </summary>
internal static unsafe class TernaryDotNeon
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd) => TernaryGemm.Rows<Tq2DotSdot>(job, rowStart, rowEnd);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq1(TernaryJob* job, int rowStart, int rowEnd) => TernaryGemm.Rows<Tq1Dot128<SdotMac>>(job, rowStart, rowEnd);

    /// <summary><c>sdot</c> straight into int32 lanes.</summary>
    private struct SdotMac : ITritMac128
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Mac(Vector128<int> block, Vector128<byte> s, sbyte* x) =>
            Dp.DotProduct(block, s.AsSByte(), Vector128.Load(x));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Widen(Vector128<int> acc, Vector128<int> block) => acc + block;
    }
}
