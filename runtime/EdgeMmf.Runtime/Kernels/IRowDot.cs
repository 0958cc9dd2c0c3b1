using System.Runtime.Intrinsics;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// A path's innermost TQ2_0 or TQ1_0 operation for <see cref="TernaryGemm"/>: sum_j x_j * s_j over whole blocks of one
/// row, where s_j in {0, 1, 2} are the stored trits (the driver subtracts sum_j x_j, turning s into t = s - 1).
/// </summary>
internal unsafe interface IRowDot
{
    /// <summary>One row against one token's activations.</summary>
    static abstract int One(byte* w, int blocks, sbyte* x);

    /// <summary>One row against four tokens' activations x, x + xStride, ...: token k's sum in lane k.</summary>
    static abstract Vector128<int> Four(byte* w, int blocks, sbyte* x, int xStride);
}

/// <summary>A path's decode operation for <see cref="TernaryGemm.DecodeRowPairs{TDot}"/>: two adjacent rows against one token.</summary>
internal unsafe interface IRowPairDot
{
    /// <summary>Rows w and w + rowBytes: row 0's sum in lane 0, row 1's in lane 1.</summary>
    static abstract Vector128<int> Pair(byte* w, long rowBytes, int blocks, sbyte* x);

    /// <summary>The last row of an odd count.</summary>
    static abstract int One(byte* w, int blocks, sbyte* x);
}
