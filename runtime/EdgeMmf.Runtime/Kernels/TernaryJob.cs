namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// One projection handed to a kernel: acc[t * AccStride + i] = sum_j x[t * XStride + j] * t_ij for the
/// rows a worker owns. Lives on the caller's stack for the duration of one <see cref="TernaryProjector"/> call.
/// </summary>
internal unsafe struct TernaryJob
{
    public delegate*<TernaryJob*, int, int, void> Kernel;
    public byte* Weights;
    public int RowBytes;
    /// <summary>256-weight blocks per row.</summary>
    public int Blocks;
    public int Rows;
    public sbyte* X;
    public int XStride;
    public int Tokens;
    /// <summary>sum_j x_j per token: the fast paths multiply by the stored s = t + 1 and subtract it.</summary>
    public int* XSums;
    public int* Acc;
    public int AccStride;
    /// <summary>
    /// Null: leave integer sums in <see cref="Acc"/>. Otherwise one divisor per token: each worker turns the sums
    /// of its rows into floats in place, acc / Denominators[t] (<see cref="ProjectionTask"/>).
    /// </summary>
    public float* Denominators;
}
