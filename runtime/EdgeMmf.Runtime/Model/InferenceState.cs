using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// Everything the fast forward pass writes, allocated once per model (llama2.c's RunState): the
/// recurrent state plus scratch for up to <see cref="MaxBatch"/> tokens at a time (prefill chunks;
/// decode uses one row). The token loop only writes into these buffers.
/// </summary>
public sealed class InferenceState
{
    /// <summary>Buffers for <paramref name="c"/>, for up to <paramref name="maxBatch"/> tokens per pass.</summary>
    public InferenceState(HgrnBitConfig c, int maxBatch = 32)
    {
        if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch));
        MaxBatch = maxBatch;
        Recurrent = new RecurrentState(c);
        int h = c.HiddenSize, d = c.RecurrentWidth, inter = c.IntermediateSize;
        int widestInput = TernaryMatrix.PadColumns(Math.Max(Math.Max(h, d), inter));
        X = new float[maxBatch * h];
        U = new float[maxBatch * h];
        I = new float[maxBatch * d];
        F = new float[maxBatch * d];
        G = new float[maxBatch * d];
        O = new float[maxBatch * d];
        A = new float[maxBatch * h];
        P = new float[maxBatch * 2 * inter];
        S = new float[maxBatch * inter];
        Normed = new float[h];
        // Pinned, with room to start the int8 activations on a 64-byte boundary: the kernels load them
        // 32 bytes at a time, and a load that straddles two cache lines costs two (docs/dev/performance-log.md).
        _quantizedLength = (maxBatch * widestInput + 63) & ~63;
        _quantized = GC.AllocateArray<sbyte>(3 * _quantizedLength + 64, pinned: true);
        unsafe
        {
            fixed (sbyte* p = _quantized) _quantizedOffset = (int)((64 - (nint)p % 64) % 64);
        }
        Denominators = new float[3 * maxBatch];
        Logits = new float[c.VocabSize];
    }

    /// <summary>The most tokens one pass may take.</summary>
    public int MaxBatch { get; }
    /// <summary>The MLGRU state the passes update.</summary>
    public RecurrentState Recurrent { get; }

    // Shapes below: t = tokens in the chunk (at most MaxBatch), h = hidden size, d = recurrent width,
    // inter = intermediate size, vocab = vocabulary size; [t, n] is t rows of n, row-major.

    /// <summary>[t, h] the residual stream.</summary>
    internal float[] X { get; }
    /// <summary>[t, h] RMSNorm(x) before the token mixer, then again before the MLP.</summary>
    internal float[] U { get; }
    /// <summary>[t, d] the i projection; after the recurrence, silu(h_k) per token (read by the output gate).</summary>
    internal float[] I { get; }
    /// <summary>[t, d] the forget gate f.</summary>
    internal float[] F { get; }
    /// <summary>[t, d] the g projection (the output gate's input).</summary>
    internal float[] G { get; }
    /// <summary>[t, d] the gated output o, input of o_proj.</summary>
    internal float[] O { get; }
    /// <summary>[t, h] o_proj's output, then down_proj's (both added to x).</summary>
    internal float[] A { get; }
    /// <summary>[t, 2 * inter] gate_proj's output: per token the gate half, then the value half.</summary>
    internal float[] P { get; }
    /// <summary>[t, inter] swiglu(gate, value), input of down_proj.</summary>
    internal float[] S { get; }
    /// <summary>[h] RMSNorm of the last token's x, input of the LM head.</summary>
    internal float[] Normed { get; }
    private readonly sbyte[] _quantized;
    private readonly int _quantizedOffset, _quantizedLength;
    /// <summary>[t, padded input width] int8 activations for the i (0), f (1) and g (2) projections computed together (0 for any other), 64-byte aligned.</summary>
    internal Span<sbyte> Quantized(int slot) => _quantized.AsSpan(_quantizedOffset + slot * _quantizedLength, _quantizedLength);
    /// <summary>[3, t] s_x * s_w per token, for up to three projections at once.</summary>
    internal float[] Denominators { get; }
    /// <summary>[vocab] logits of the last token processed.</summary>
    public float[] Logits { get; }

    /// <summary>Starts a new context.</summary>
    public void Reset() => Recurrent.Reset();
}
