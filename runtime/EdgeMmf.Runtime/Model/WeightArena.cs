using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// <see cref="WeightPlacement.HugePages"/>: copies every ternary matrix of a loaded model into one native
/// arena, in the order a token reads them (layer by layer: i, f, g, o, gate/up, down; then lm_head), each
/// start 64-byte aligned, the arena advised for transparent huge pages. Bytes are copied as they are, so
/// every result is bit-identical to running from the mapped file.
/// </summary>
public static unsafe class WeightArena
{
    /// <summary>Room after the last matrix: a kernel's software prefetch may point past its rows.</summary>
    private const int TailBytes = 64;

    /// <summary>The model with its ternary weights in a huge-page arena; <paramref name="model"/> is consumed.</summary>
    /// <param name="model">The model to move; use the returned model afterwards, not this one.</param>
    /// <param name="fromFileMapping">The weights were read from a read-only file mapping: drop its pages from this
    /// process once copied (<see cref="LinuxMemoryAdvice.DropFilePages"/>), so they are not resident twice. Never
    /// for anonymous memory, whose pages would come back as zeros.</param>
    public static HgrnBitModel MoveToHugePages(HgrnBitModel model, bool fromFileMapping)
    {
        ArgumentNullException.ThrowIfNull(model);
        long total = TailBytes + Aligned(model.LmHead.Weight.PackedBytes);
        foreach (HgrnBitLayerWeights layer in model.Layers)
            foreach (BitLinearWeights p in layer.Projections) total += Aligned(p.Weight.PackedBytes);

        var arena = new NativeBuffer(total, hugePages: true, zeroed: false); // every matrix byte is copied in
        try
        {
            long used = 0;
            BitLinearWeights Move(BitLinearWeights w)
            {
                TernaryMatrix m = w.Weight;
                byte* destination = arena.Pointer + used;
                Buffer.MemoryCopy(m.Packed, destination, m.PackedBytes, m.PackedBytes);
                if (fromFileMapping) LinuxMemoryAdvice.DropFilePages(m.Packed, m.PackedBytes);
                used += Aligned(m.PackedBytes);
                return new BitLinearWeights(new TernaryMatrix(m.Name, m.Rows, m.Columns, m.WeightScale, destination, m.PackedBytes, m.Format), w.NormGain);
            }

            var layers = new HgrnBitLayerWeights[model.Layers.Length];
            for (int n = 0; n < layers.Length; n++)
            {
                HgrnBitLayerWeights l = model.Layers[n];
                layers[n] = new HgrnBitLayerWeights
                {
                    AttnNorm = l.AttnNorm,
                    IProj = Move(l.IProj),
                    FProj = Move(l.FProj),
                    GProj = Move(l.GProj),
                    GNorm = l.GNorm,
                    OProj = Move(l.OProj),
                    MlpNorm = l.MlpNorm,
                    GateProj = Move(l.GateProj),
                    DownProj = Move(l.DownProj),
                };
            }
            BitLinearWeights lmHead = Move(model.LmHead);
            return model.WithProjections(layers, lmHead, arena, WeightPlacement.HugePages, arena.HugePagesAdvised);
        }
        catch
        {
            arena.Dispose();
            throw;
        }
    }

    private static long Aligned(long bytes) => ByteAlignment.Up(bytes, 64);
}
