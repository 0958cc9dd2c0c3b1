namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// One instruction-set path's entry points, as static function pointers so the projector dispatches once
/// per call with no virtual call, delegate or allocation. Built only by <see cref="KernelSelector"/>.
/// </summary>
public sealed unsafe class TernaryKernel
{
    internal TernaryKernel(
        KernelPath path,
        delegate*<TernaryJob*, int, int, void> gemmTq2,
        delegate*<TernaryJob*, int, int, void> gemmTq1,
        delegate*<sbyte*, int, int> sumActivations)
    {
        Path = path;
        GemmTq2 = gemmTq2;
        GemmTq1 = gemmTq1;
        SumActivations = sumActivations;
    }

    public KernelPath Path { get; }

    /// <summary>The name <c>edgemmf info</c> prints and <c>EDGEMMF_KERNEL</c> accepts.</summary>
    public string Name => KernelSelector.NameOf(Path);

    /// <summary>Rows [start, end) of a TQ2_0 job, all its tokens.</summary>
    internal delegate*<TernaryJob*, int, int, void> GemmTq2 { get; }

    /// <summary>Rows [start, end) of a TQ1_0 job, all its tokens.</summary>
    internal delegate*<TernaryJob*, int, int, void> GemmTq1 { get; }

    /// <summary>sum_j x_j over whole 256-value blocks.</summary>
    internal delegate*<sbyte*, int, int> SumActivations { get; }

    public override string ToString() => Name;
}
