using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// A random-weight model of any shape, built straight into packed memory (no checkpoint file): uniform
/// ternary weights, float16 embeddings, gains near 1. Its speed and memory traffic are those of a real
/// model of the same shape, which is what <c>edgemmf bench --shape 370m</c> and the smoke campaign need.
/// </summary>
public static unsafe class RandomModel
{
    /// <summary>The published checkpoints' shapes (docs/model-spec.md "Derived sizes").</summary>
    public static HgrnBitConfig Shape(string name) => name.ToLowerInvariant() switch
    {
        "370m" => new HgrnBitConfig { VocabSize = 32000, HiddenSize = 1024, NumHiddenLayers = 24 },
        "1.3b" => new HgrnBitConfig { VocabSize = 32000, HiddenSize = 2048, NumHiddenLayers = 24 },
        "2.7b" => new HgrnBitConfig { VocabSize = 32000, HiddenSize = 2560, NumHiddenLayers = 32 },
        "tiny" => new HgrnBitConfig { VocabSize = 512, HiddenSize = 256, NumHiddenLayers = 4 },
        _ => throw new ArgumentException($"unknown shape \"{name}\"; use 370m, 1.3b, 2.7b or tiny."),
    };

    /// <summary>A model of shape <paramref name="c"/> with random weights, built in memory.</summary>
    /// <param name="c">The shape.</param>
    /// <param name="seed">Seeds every weight, so one seed gives one model.</param>
    /// <param name="format">The ternary format of the packed weights.</param>
    /// <param name="placement"><see cref="WeightPlacement.HugePages"/>: the weight arena is advised for transparent
    /// huge pages, as a loaded file's weights are by default; <see cref="WeightPlacement.Mapped"/>: plain pages,
    /// as a file used in place.</param>
    public static HgrnBitModel Create(HgrnBitConfig c, ulong seed, TernaryFormat format = TernaryFormat.Tq2_0, WeightPlacement placement = WeightPlacement.Mapped)
    {
        var owners = new List<IDisposable>();
        var random = new Sampling.Xoshiro256StarStar(seed);
        int h = c.HiddenSize, d = c.RecurrentWidth, inter = c.IntermediateSize;

        var embedding = new NativeBuffer((long)c.VocabSize * h * 2);
        owners.Add(embedding);
        var halves = new Span<Half>(embedding.Pointer, c.VocabSize * h);
        for (int k = 0; k < halves.Length; k++) halves[k] = (Half)(float)((random.NextDouble() - 0.5) * 0.1);

        float[] Gain(int n)
        {
            var g = new float[n];
            for (int k = 0; k < n; k++) g[k] = 0.9f + 0.2f * (float)random.NextDouble();
            return g;
        }

        int RowBytes(int padded) => format.Traits().RowBytes(padded);
        long MatrixBytes(int rows, int columns) => (long)RowBytes(TernaryMatrix.PadColumns(columns)) * rows;

        // One arena with the matrices in the order a token reads them, as a converted GGUF file lays them out
        // (HgrnBitGgufLayout), so `bench` measures the streaming pattern of a loaded model.
        long layerBytes = 3 * MatrixBytes(d, h) + MatrixBytes(h, d) + MatrixBytes(2 * inter, h) + MatrixBytes(h, inter);
        var arena = new NativeBuffer(c.NumHiddenLayers * layerBytes + MatrixBytes(c.VocabSize, h), placement == WeightPlacement.HugePages);
        owners.Add(arena);
        long used = 0;

        BitLinearWeights BitLinear(string name, int rows, int columns)
        {
            int padded = TernaryMatrix.PadColumns(columns);
            int rowBytes = RowBytes(padded);
            byte* packed = arena.Pointer + used;
            long length = (long)rowBytes * rows;
            used += length;
            var ternary = new sbyte[padded];
            for (int r = 0; r < rows; r++)
            {
                for (int j = 0; j < columns; j++) ternary[j] = (sbyte)((int)(random.NextUInt64() % 3) - 1);
                var row = new Span<byte>(packed + (long)r * rowBytes, rowBytes);
                format.Traits().PackRow(ternary, row);
            }
            float scale = 1f / 0.02f;
            return new BitLinearWeights(new TernaryMatrix(name, rows, columns, scale, packed, length, format), Gain(columns));
        }

        var layers = new HgrnBitLayerWeights[c.NumHiddenLayers];
        for (int n = 0; n < layers.Length; n++)
        {
            string p = $"model.layers.{n}.";
            layers[n] = new HgrnBitLayerWeights
            {
                AttnNorm = Gain(h),
                IProj = BitLinear(p + "attn.i_proj.weight", d, h),
                FProj = BitLinear(p + "attn.f_proj.weight", d, h),
                GProj = BitLinear(p + "attn.g_proj.weight", d, h),
                GNorm = Gain(d),
                OProj = BitLinear(p + "attn.o_proj.weight", h, d),
                MlpNorm = Gain(h),
                GateProj = BitLinear(p + "mlp.gate_proj.weight", 2 * inter, h),
                DownProj = BitLinear(p + "mlp.down_proj.weight", h, inter),
            };
        }
        float[][]? lowerBounds = null;
        if (c.UseLowerBound)
        {
            var raw = new float[c.NumHiddenLayers * h];
            for (int k = 0; k < raw.Length; k++) raw[k] = (float)(random.NextDouble() * 2 - 1);
            lowerBounds = LowerBounds.Compute(raw, c.NumHiddenLayers, h);
        }
        var embeddings = new EmbeddingTable(embedding.Pointer, c.VocabSize, h, EmbeddingElementType.F16);
        return new HgrnBitModel(c, $"random:{seed}", embeddings, layers, Gain(h), BitLinear("lm_head.weight", c.VocabSize, h),
            lowerBounds, owners.ToArray())
        {
            Placement = placement,
            HugePagesAdvised = arena.HugePagesAdvised,
        };
    }
}
