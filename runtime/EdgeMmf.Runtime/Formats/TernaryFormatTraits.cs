using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Formats;

/// <summary>Packs one row of ternary values (-1, 0, +1, a whole number of 256-weight blocks) into a format's blocks.</summary>
public delegate void TernaryRowPacker(ReadOnlySpan<sbyte> ternary, Span<byte> destination);

/// <summary>Unpacks one row of a format's blocks into ternary values (-1, 0, +1).</summary>
public delegate void TernaryRowUnpacker(ReadOnlySpan<byte> source, Span<sbyte> ternary);

/// <summary>
/// One row of the ternary format table, as ggml keeps one traits entry per type: everything the loader, converter,
/// kernels and bridge need to know about a block layout. Code asks the table (<see cref="Of"/>) instead of branching
/// on <see cref="TernaryFormat"/>; a new format is a new row here plus its kernels.
/// </summary>
public sealed class TernaryFormatTraits
{
    /// <summary>ggml's TQ2_0 (<see cref="Tq2_0"/>): 66 bytes per 256 weights, cheapest to unpack.</summary>
    public static TernaryFormatTraits Tq2 { get; } = new(TernaryFormat.Tq2_0, "tq2_0", GgmlType.TQ2_0, 37, Tq2_0.BlockBytes, Tq2_0.PackRow, Tq2_0.UnpackRow);

    /// <summary>ggml's TQ1_0 (<see cref="Tq1_0"/>): 54 bytes per 256 weights, base-3 packed.</summary>
    public static TernaryFormatTraits Tq1 { get; } = new(TernaryFormat.Tq1_0, "tq1_0", GgmlType.TQ1_0, 36, Tq1_0.BlockBytes, Tq1_0.PackRow, Tq1_0.UnpackRow);

    /// <summary>Every row of the table, in <see cref="TernaryFormat"/> order.</summary>
    public static IReadOnlyList<TernaryFormatTraits> All { get; } = [Tq2, Tq1];

    private readonly TernaryRowPacker _pack;
    private readonly TernaryRowUnpacker _unpack;

    private TernaryFormatTraits(TernaryFormat format, string name, GgmlType ggmlType, uint ggufFileType, int blockBytes,
        TernaryRowPacker pack, TernaryRowUnpacker unpack)
    {
        Format = format;
        Name = name;
        GgmlType = ggmlType;
        GgufFileType = ggufFileType;
        BlockBytes = blockBytes;
        _pack = pack;
        _unpack = unpack;
    }

    /// <summary>The format this row of the table describes.</summary>
    public TernaryFormat Format { get; }

    /// <summary>The name <c>convert --type</c>, <c>edgemmf info</c> and cache file names use, e.g. "tq2_0".</summary>
    public string Name { get; }

    /// <summary>The tensor type in a GGUF file.</summary>
    public GgmlType GgmlType { get; }

    /// <summary>The file's <c>general.file_type</c> when every projection has this format (llama.cpp's LLAMA_FTYPE_MOSTLY_TQ*).</summary>
    public uint GgufFileType { get; }

    /// <summary>Weights per block; the same for every ternary format.</summary>
    public const int BlockWeights = 256;

    /// <summary>Bytes per 256-weight block, scale included.</summary>
    public int BlockBytes { get; }

    /// <summary>Storage cost per weight in bits (2.06 for TQ2_0, 1.69 for TQ1_0).</summary>
    public double BitsPerWeight => BlockBytes * 8.0 / BlockWeights;

    /// <summary>Bytes for one row of <paramref name="paddedColumns"/> weights (a multiple of 256).</summary>
    public int RowBytes(int paddedColumns)
    {
        if (paddedColumns % BlockWeights != 0)
            throw new ArgumentException($"{Name} rows hold whole 256-weight blocks; {paddedColumns} columns is not a multiple of 256.", nameof(paddedColumns));
        return paddedColumns / BlockWeights * BlockBytes;
    }

    /// <summary>Packs one row of ternary values t in {-1, 0, 1} (a multiple of 256) into this format's blocks.</summary>
    public void PackRow(ReadOnlySpan<sbyte> ternary, Span<byte> destination) => _pack(ternary, destination);

    /// <summary>Unpacks one row of this format's blocks into ternary values t in {-1, 0, 1}.</summary>
    public void UnpackRow(ReadOnlySpan<byte> source, Span<sbyte> ternary) => _unpack(source, ternary);

    /// <summary>One row of this format's blocks re-encoded in <paramref name="target"/>'s; <paramref name="scratch"/> holds the row's weights.</summary>
    public void RepackRow(ReadOnlySpan<byte> source, TernaryFormatTraits target, Span<byte> destination, Span<sbyte> scratch)
    {
        UnpackRow(source, scratch);
        target.PackRow(scratch, destination);
    }

    /// <summary>The table row of <paramref name="format"/>.</summary>
    public static TernaryFormatTraits Of(TernaryFormat format) => format switch
    {
        TernaryFormat.Tq2_0 => Tq2,
        TernaryFormat.Tq1_0 => Tq1,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown ternary format"),
    };

    /// <summary>The row whose GGUF tensor type is <paramref name="type"/>, if that type is ternary.</summary>
    public static TernaryFormatTraits? FromGgmlType(GgmlType type)
    {
        foreach (TernaryFormatTraits traits in All)
            if (traits.GgmlType == type) return traits;
        return null;
    }

    /// <summary>The row named <paramref name="name"/> ("tq2_0", "tq1_0"), as <c>convert --type</c> takes it.</summary>
    public static TernaryFormatTraits Parse(string name)
    {
        foreach (TernaryFormatTraits traits in All)
            if (string.Equals(traits.Name, name, StringComparison.OrdinalIgnoreCase)) return traits;
        throw new ArgumentException($"Unknown ternary type '{name}'; use tq2_0 or tq1_0.", nameof(name));
    }

    /// <summary>The format's <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
