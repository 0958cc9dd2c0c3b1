using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// A read-only view of one BitLinear weight: <see cref="Rows"/> x <see cref="Columns"/> ternary
/// values in TQ2_0 blocks (see <see cref="Tq2_0"/>; or TQ1_0, see <see cref="Format"/>), row-major like PyTorch's [out, in],
/// plus the per-tensor scale s_w of docs/model-spec.md "BitLinear" step 3.
/// Columns that are not a multiple of 256 are zero-padded to <see cref="PaddedColumns"/>;
/// activations are zero-padded the same way, so padding never changes a dot product.
/// The bytes live either in a pinned array (converted at load) or in a memory-mapped file
/// (GGUF, used in place); the owner keeps them alive for the matrix's lifetime.
/// </summary>
public sealed unsafe class TernaryMatrix
{
    /// <summary>A TQ2_0 matrix; see the other constructor.</summary>
    /// <param name="name">Tensor name, for messages.</param>
    /// <param name="rows">Output features.</param>
    /// <param name="columns">Input features.</param>
    /// <param name="weightScale">s_w.</param>
    /// <param name="packed">First byte of row 0.</param>
    /// <param name="packedBytes">Bytes available at <paramref name="packed"/>.</param>
    public TernaryMatrix(string name, int rows, int columns, float weightScale, byte* packed, long packedBytes)
        : this(name, rows, columns, weightScale, packed, packedBytes, TernaryFormat.Tq2_0)
    {
    }

    /// <summary>Views <paramref name="packedBytes"/> bytes at <paramref name="packed"/> as rows x columns in <paramref name="format"/>; throws if they cannot hold it.</summary>
    /// <param name="name">Tensor name, for messages.</param>
    /// <param name="rows">Output features.</param>
    /// <param name="columns">Input features (padded to whole blocks).</param>
    /// <param name="weightScale">s_w.</param>
    /// <param name="packed">First byte of row 0.</param>
    /// <param name="packedBytes">Bytes available at <paramref name="packed"/>.</param>
    /// <param name="format">Block layout of the rows.</param>
    public TernaryMatrix(string name, int rows, int columns, float weightScale, byte* packed, long packedBytes, TernaryFormat format)
    {
        if (rows <= 0 || columns <= 0) throw new ArgumentException($"{name}: shape [{rows}, {columns}] is empty.");
        Name = name;
        Rows = rows;
        Columns = columns;
        PaddedColumns = PadColumns(columns);
        Format = format;
        RowBytes = Enum.IsDefined(format) ? format.Traits().RowBytes(PaddedColumns)
            : throw new ArgumentException($"{name}: unknown ternary format {format}.", nameof(format));
        if (packedBytes < (long)RowBytes * rows)
            throw new ArgumentException($"{name}: {packedBytes} packed bytes cannot hold {rows} rows of {RowBytes} bytes.");
        WeightScale = weightScale;
        Packed = packed;
    }

    /// <summary>Tensor name, for messages (e.g. <c>model.layers.3.attn.i_proj.weight</c>).</summary>
    public string Name { get; }
    /// <summary>Output features (m).</summary>
    public int Rows { get; }
    /// <summary>Input features (n) as the checkpoint declares them.</summary>
    public int Columns { get; }
    /// <summary>Columns rounded up to whole 256-weight blocks.</summary>
    public int PaddedColumns { get; }
    /// <summary>Bytes per packed row (<see cref="PaddedColumns"/> in <see cref="Format"/>).</summary>
    public int RowBytes { get; }
    /// <summary>Block layout of the rows; <see cref="TernaryFormat.Tq2_0"/> unless the loader says otherwise.</summary>
    public TernaryFormat Format { get; }
    /// <summary>s_w = 1 / max(mean |W|, 1e-5): out_i = acc_i / (s_x * s_w).</summary>
    public float WeightScale { get; }
    /// <summary>First byte of row 0; rows follow each other with no gap.</summary>
    public byte* Packed { get; }

    /// <summary>
    /// The same weights repacked for the table-lookup decode (<see cref="Kernels.LookupTiles"/>), when the process's
    /// kernel path uses it (<see cref="TernaryKernel.UsesLookupTiles"/>); null otherwise. Owned like <see cref="Packed"/>.
    /// </summary>
    public byte* LookupTiles { get; init; }

    /// <summary>Bytes of all rows: <see cref="RowBytes"/> x <see cref="Rows"/>.</summary>
    public long PackedBytes => (long)RowBytes * Rows;

    /// <summary>The packed bytes of row <paramref name="row"/> (not range-checked).</summary>
    public ReadOnlySpan<byte> Row(int row) => new(Packed + (long)row * RowBytes, RowBytes);

    /// <summary>Checks a call's token count, its activations (PaddedColumns per token) and its outputs (Rows per token).</summary>
    internal void CheckCall(int tokens, int activations, string activationsName, int outputs, string outputsName, string outputKind)
    {
        if (tokens < 1) throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "at least one token");
        if (activations < (long)tokens * PaddedColumns)
            throw new ArgumentException($"{Name}: {tokens} token(s) need {(long)tokens * PaddedColumns} activations (PaddedColumns {PaddedColumns} each, zero-padded), got {activations}.", activationsName);
        if (outputs < (long)tokens * Rows)
            throw new ArgumentException($"{Name}: {tokens} token(s) need {(long)tokens * Rows} {outputKind}, got {outputs}.", outputsName);
    }

    /// <summary><paramref name="columns"/> rounded up to a multiple of 256 (one block).</summary>
    public static int PadColumns(int columns) => (columns + Tq2_0.BlockWeights - 1) / Tq2_0.BlockWeights * Tq2_0.BlockWeights;
}
