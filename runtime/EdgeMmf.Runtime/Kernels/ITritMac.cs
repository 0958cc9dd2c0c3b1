using System.Runtime.Intrinsics;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// A path's multiply-accumulate of stored trits s in {0, 1, 2} by int8 activations, for the shared block loops
/// (<see cref="Tq2Dot128{TMac}"/>, <see cref="Tq1Dot128{TMac}"/>). The block accumulator's lanes are the path's own:
/// int16 pairs where products are summed in int16 (a block adds at most 32 x 256 per lane, no overflow) and widened
/// once per block, or int32 where a dot-product instruction adds straight into int32.
/// </summary>
internal unsafe interface ITritMac128
{
    /// <summary>block + s_j * x_j for 16 weights.</summary>
    static abstract Vector128<int> Mac(Vector128<int> block, Vector128<byte> s, sbyte* x);

    /// <summary>acc (int32 lanes) + a block's accumulator.</summary>
    static abstract Vector128<int> Widen(Vector128<int> acc, Vector128<int> block);
}

/// <summary>The 256-bit <see cref="ITritMac128"/> of the x86 paths, for <see cref="Tq1Dot256{TMac}"/>.</summary>
internal unsafe interface ITritMac256
{
    /// <summary>block + s_j * x_j for 32 weights.</summary>
    static abstract Vector256<int> Mac(Vector256<int> block, Vector256<byte> s, sbyte* x);

    /// <summary>acc (int32 lanes) + a block's accumulator.</summary>
    static abstract Vector256<int> Widen(Vector256<int> acc, Vector256<int> block);
}
