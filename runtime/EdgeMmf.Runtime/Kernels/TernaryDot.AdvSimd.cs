using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// ARM AdvSimd without the dot product (Armv8.0 cores: Cortex-A72 of the Raspberry Pi 4, A53, A57): the 16-byte
/// block loops (<see cref="Tq2Dot128{TMac}"/>, <see cref="Tq1Dot128{TMac}"/>) with <c>smlal</c> + <c>smlal2</c>
/// (int8 x int8 multiply-accumulate into int16 lanes) where <see cref="TernaryDotNeon"/> has one <c>sdot</c>: stored
/// trits s in {0, 1, 2} and x in [-128, 127] are exact as int8, a block adds at most 32 products of |s * x| &lt;= 256
/// to a lane (no int16 overflow), and one <c>sadalp</c> per block widens into the int32 sums. Three instructions per
/// 16 weights and token where the portable <see cref="TernaryDotVector128"/> needs about nine.
/// </summary>
internal static unsafe class TernaryDotAdvSimd
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq2(TernaryJob* job, int rowStart, int rowEnd) => TernaryGemm.Rows<Tq2Dot128<MlalMac>>(job, rowStart, rowEnd);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GemmTq1(TernaryJob* job, int rowStart, int rowEnd) => TernaryGemm.Rows<Tq1Dot128<MlalMac>>(job, rowStart, rowEnd);

    /// <summary><c>smlal</c> (lanes 0-7) and <c>smlal2</c> (lanes 8-15) into 8 int16 lanes, <c>sadalp</c> to widen a block.</summary>
    private struct MlalMac : ITritMac128
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Mac(Vector128<int> block, Vector128<byte> s, sbyte* x)
        {
            Vector128<sbyte> xs = Vector128.Load(x), ss = s.AsSByte();
            Vector128<short> acc = AdvSimd.MultiplyWideningLowerAndAdd(block.AsInt16(), ss.GetLower(), xs.GetLower());
            return AdvSimd.MultiplyWideningUpperAndAdd(acc, ss, xs).AsInt32();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Widen(Vector128<int> acc, Vector128<int> block) => AdvSimd.AddPairwiseWideningAndAdd(acc, block.AsInt16());
    }
}
