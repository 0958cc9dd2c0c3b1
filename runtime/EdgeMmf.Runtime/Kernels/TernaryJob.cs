namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// One projection handed to a kernel: acc[t * AccStride + i] = sum_j x[t * XStride + j] * t_ij for the
/// rows a worker owns. Lives on the caller's stack for the duration of one <see cref="TernaryProjector"/> call.
/// Public only so that a diagnosis can supply its own projection (<see cref="TernaryKernel.WithGemm"/>).
/// </summary>
public unsafe struct TernaryJob
{
    /// <summary>The entry point the workers call with rows [start, end).</summary>
    public delegate*<TernaryJob*, int, int, void> Kernel;
    /// <summary>The packed weights: <see cref="Rows"/> rows of <see cref="RowBytes"/> bytes each.</summary>
    public byte* Weights;
    /// <summary>Bytes per packed row.</summary>
    public int RowBytes;
    /// <summary>256-weight blocks per row.</summary>
    public int Blocks;
    /// <summary>Output rows of the whole matrix.</summary>
    public int Rows;
    /// <summary>The int8 activations: <see cref="Tokens"/> rows of <see cref="XStride"/> values.</summary>
    public sbyte* X;
    /// <summary>Values from one token's activations to the next's.</summary>
    public int XStride;
    /// <summary>Tokens (activation rows) in this job.</summary>
    public int Tokens;
    /// <summary>sum_j x_j per token: the fast paths multiply by the stored s = t + 1 and subtract it.</summary>
    public int* XSums;
    /// <summary>The outputs: <see cref="Tokens"/> rows of <see cref="AccStride"/> sums.</summary>
    public int* Acc;
    /// <summary>Outputs from one token's row to the next's.</summary>
    public int AccStride;
    /// <summary>
    /// Null: leave integer sums in <see cref="Acc"/>. Otherwise one divisor per token: each worker turns the sums
    /// of its rows into floats in place, acc / Denominators[t] (<see cref="ProjectionTask"/>).
    /// </summary>
    public float* Denominators;
}
