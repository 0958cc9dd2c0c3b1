namespace EdgeMmf.Runtime.Kernels;

/// <summary>The instruction-set paths of the int8 x ternary kernels; <see cref="KernelSelector"/> picks one at start-up.</summary>
public enum KernelPath
{
    /// <summary>Plain C#, the oracle every other path is tested against bit for bit.</summary>
    Scalar,
    /// <summary>Portable <c>Vector128</c> (SSE on x86, AdvSimd on ARM): int16 widening multiplies.</summary>
    Vector128,
    /// <summary>AVX2 <c>vpmaddubsw</c> + <c>vpmaddwd</c> on 256-bit vectors.</summary>
    Avx2,
    /// <summary>
    /// AVX2 table lookup for TQ2_0 decode (<c>vpshufb</c> over per-token tables of partial sums, T-MAC style) on weights
    /// repacked at load (<see cref="LookupTiles"/>); prefill and TQ1_0 as <see cref="Avx2"/>.
    /// </summary>
    Avx2Lut,
    /// <summary>AVX2 unpacking with AVX-VNNI <c>vpdpbusd</c> (VEX, 256-bit): one instruction per 32 multiply-accumulates.</summary>
    AvxVnni,
    /// <summary>AVX-512 BW <c>vpmaddubsw</c> + <c>vpmaddwd</c> on 512-bit vectors (.NET exposes no 512-bit <c>vpdpbusd</c>).</summary>
    Avx512,
    /// <summary>ARM AdvSimd <c>smlal</c>/<c>smlal2</c> into int16 lanes, for cores without the dot product (Cortex-A72: Raspberry Pi 4).</summary>
    Neon,
    /// <summary>
    /// ARM AdvSimd table lookup for TQ2_0 decode (<c>tbl</c> over the same tiles and tables as <see cref="Avx2Lut"/>);
    /// prefill and TQ1_0 as <see cref="Neon"/>. Offered on every arm64 core, chosen only by name until measured on a board.
    /// </summary>
    NeonLut,
    /// <summary>ARM AdvSimd + Dp <c>sdot</c> (Cortex-A76/A78: Raspberry Pi 5, Jetson Orin).</summary>
    NeonDotProd,
}
