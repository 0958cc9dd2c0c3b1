namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// One instruction-set path's entry points, as static function pointers so the projector dispatches once
/// per call with no virtual call, delegate or allocation. Built by <see cref="KernelSelector"/>; a diagnosis may
/// swap the projection for its own through <see cref="WithGemm"/>.
/// The kernel methods carry <c>AggressiveOptimization</c>: tiered compilation would otherwise run them
/// unoptimized (tier 0 / OSR) for the first hundred-odd milliseconds, which is a whole short prompt.
/// </summary>
public sealed unsafe class TernaryKernel
{
    internal TernaryKernel(
        KernelPath path,
        delegate*<TernaryJob*, int, int, void> gemmTq2,
        delegate*<TernaryJob*, int, int, void> gemmTq1,
        delegate*<sbyte*, int, int> sumActivations,
        string? name = null)
    {
        Path = path;
        GemmTq2 = gemmTq2;
        GemmTq1 = gemmTq1;
        SumActivations = sumActivations;
        Name = name ?? KernelSelector.NameOf(path);
    }

    /// <summary>
    /// How far ahead of each row stream, in bytes, the x86 kernels prefetch in decode; a diagnosis that imitates
    /// their reads uses the same distance.
    /// </summary>
    public const int DecodePrefetchBytes = X86Blocks.PrefetchBytes;

    /// <summary>The instruction-set path whose activation sums (and, unless replaced, projections) this kernel runs.</summary>
    public KernelPath Path { get; }

    /// <summary>
    /// The name <c>edgemmf info</c> prints and <c>EDGEMMF_KERNEL</c> accepts (<see cref="KernelSelector.NameOf"/>),
    /// or the name given to <see cref="WithGemm"/>.
    /// </summary>
    public string Name { get; }

    /// <summary>
    /// The hook for diagnoses (e.g. <c>bench --memory-only</c>): this kernel with every projection, TQ2_0 and
    /// TQ1_0 alike, replaced by <paramref name="gemm"/>, which gets a job and the rows [start, end) it must write
    /// for all of the job's tokens. The activation sums stay this path's.
    /// </summary>
    /// <param name="name">What <see cref="Name"/> reports; must differ from every real path's name.</param>
    /// <param name="gemm">The replacement projection; it must write every accumulator of its rows.</param>
    public TernaryKernel WithGemm(string name, delegate*<TernaryJob*, int, int, void> gemm)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (gemm == null) throw new ArgumentNullException(nameof(gemm));
        foreach (KernelPath path in Enum.GetValues<KernelPath>())
            if (string.Equals(KernelSelector.NameOf(path), name, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"'{name}' is the name of a real kernel path; a replaced projection needs a name of its own.", nameof(name));
        return new TernaryKernel(Path, gemm, gemm, SumActivations, name);
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

    /// <summary>
    /// Where row <paramref name="row"/> starts in <see cref="WeightsFor(TernaryMatrix, int)"/>'s bytes; in lookup tiles
    /// <paramref name="row"/> must be a multiple of <see cref="LookupTiles.TileRows"/>.
    /// </summary>
    internal byte* WeightsFor(TernaryMatrix w, int tokens, int row) => UsesLookup(w, tokens)
        ? w.LookupTiles + row / LookupTiles.TileRows * LookupTiles.TileBytes(w.PaddedColumns)
        : w.Packed + (long)row * w.RowBytes;

    private bool UsesLookup(TernaryMatrix w, int tokens) => tokens == 1 && GemvLookupTq2 != null && w.LookupTiles != null;

    /// <summary>sum_j x_j over whole 256-value blocks.</summary>
    internal delegate*<sbyte*, int, int> SumActivations { get; }

    /// <summary>The kernel's <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
