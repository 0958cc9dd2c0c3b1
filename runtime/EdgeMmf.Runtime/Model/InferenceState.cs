using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// Everything the fast forward pass writes, allocated once per model (llama2.c's RunState): the
/// recurrent state plus scratch for up to <see cref="MaxBatch"/> tokens at a time (prefill chunks;
/// decode uses one row). The token loop only writes into these buffers.
/// </summary>
public sealed class InferenceState
{
    public InferenceState(HgrnBitConfig c, int maxBatch = 32)
    {
        if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch));
        MaxBatch = maxBatch;
        Recurrent = new RecurrentState(c);
        int h = c.HiddenSize, d = c.RecurrentWidth, inter = c.IntermediateSize;
        int widest = Math.Max(Math.Max(h, d), 2 * inter);
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
        Scratch = new float[maxBatch * Math.Max(d, inter)];
        Quantized = new sbyte[maxBatch * widestInput];
        ActivationScales = new float[maxBatch];
        Accumulators = new int[Math.Max(maxBatch * widest, c.VocabSize)];
        Logits = new float[c.VocabSize];
    }

    public int MaxBatch { get; }
    public RecurrentState Recurrent { get; }

    internal float[] X { get; }
    internal float[] U { get; }
    internal float[] I { get; }
    internal float[] F { get; }
    internal float[] G { get; }
    internal float[] O { get; }
    internal float[] A { get; }
    internal float[] P { get; }
    internal float[] S { get; }
    internal float[] Normed { get; }
    /// <summary>Temporary for elementwise steps (sigmoid values, 1 - f).</summary>
    internal float[] Scratch { get; }
    internal sbyte[] Quantized { get; }
    internal float[] ActivationScales { get; }
    internal int[] Accumulators { get; }
    /// <summary>Logits of the last token processed.</summary>
    public float[] Logits { get; }

    /// <summary>Starts a new context.</summary>
    public void Reset() => Recurrent.Reset();
}
