namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// One instruction-set path's entry points, as static function pointers so the projector dispatches once
/// per call with no virtual call, delegate or allocation. Built only by <see cref="KernelSelector"/>.
/// The kernel methods carry <c>AggressiveOptimization</c>: tiered compilation would otherwise run them
/// unoptimized (tier 0 / OSR) for the first hundred-odd milliseconds, which is a whole short prompt.
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

    /// <summary>True for <see cref="MemoryOnly"/>: the weights are read, no arithmetic is done, results are meaningless.</summary>
    public bool IsMemoryOnly { get; private init; }

    /// <summary>The name <c>edgemmf info</c> prints and <c>EDGEMMF_KERNEL</c> accepts; "memory-only" for the diagnosis, which only <c>bench --memory-only</c> runs.</summary>
    public string Name => IsMemoryOnly ? MemoryOnlyName : KernelSelector.NameOf(Path);

    public const string MemoryOnlyName = "memory-only";

    /// <summary>
    /// A diagnosis for <c>edgemmf bench --memory-only</c>: <paramref name="basis"/> with its projections replaced by
    /// a read of the same weight bytes and no arithmetic (<see cref="MemoryOnlyKernel"/>). Never for real output.
    /// </summary>
    public static TernaryKernel MemoryOnly(TernaryKernel basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        return new TernaryKernel(basis.Path, &MemoryOnlyKernel.Gemm, &MemoryOnlyKernel.Gemm, basis.SumActivations) { IsMemoryOnly = true };
    }

    /// <summary>Rows [start, end) of a TQ2_0 job, all its tokens.</summary>
    internal delegate*<TernaryJob*, int, int, void> GemmTq2 { get; }

    /// <summary>Rows [start, end) of a TQ1_0 job, all its tokens.</summary>
    internal delegate*<TernaryJob*, int, int, void> GemmTq1 { get; }

    /// <summary>This path's entry point for rows in <paramref name="format"/>.</summary>
    internal delegate*<TernaryJob*, int, int, void> GemmFor(TernaryFormat format) => format == TernaryFormat.Tq1_0 ? GemmTq1 : GemmTq2;

    /// <summary>
    /// The table-lookup decode of a path that has one (<see cref="KernelPath.Avx2Lut"/>), over <see cref="TernaryMatrix.LookupTiles"/>;
    /// null for the others.
    /// </summary>
    internal delegate*<TernaryJob*, int, int, void> GemvLookupTq2 { get; init; }

    /// <summary>Whether this path wants matrices repacked into <see cref="LookupTiles"/> at load.</summary>
    public bool UsesLookupTiles => GemvLookupTq2 != null;

    /// <summary>The entry point for <paramref name="tokens"/> tokens of <paramref name="w"/>: the lookup decode where the path and the matrix have it.</summary>
    internal delegate*<TernaryJob*, int, int, void> GemmFor(TernaryMatrix w, int tokens) => UsesLookup(w, tokens) ? GemvLookupTq2 : GemmFor(w.Format);

    /// <summary>The bytes <see cref="GemmFor(TernaryMatrix, int)"/>'s entry point reads.</summary>
    internal byte* WeightsFor(TernaryMatrix w, int tokens) => UsesLookup(w, tokens) ? w.LookupTiles : w.Packed;

    private bool UsesLookup(TernaryMatrix w, int tokens) => tokens == 1 && GemvLookupTq2 != null && w.LookupTiles != null;

    /// <summary>sum_j x_j over whole 256-value blocks.</summary>
    internal delegate*<sbyte*, int, int> SumActivations { get; }

    public override string ToString() => Name;
}
