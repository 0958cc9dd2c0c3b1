using System.Numerics.Tensors;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Offload;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// The production forward pass: the same math as <see cref="ReferenceForward"/>, but with prefill
/// batched (every projection of a prompt chunk is one int8 x ternary GEMM, each token with its own
/// activation scale; only h = f*h + i runs token by token, docs/model-spec.md "Prefill"), SIMD kernels,
/// worker threads and no allocation per token. Where the projections run (threads, read-ahead, an offload
/// device and its CPU fallback) is the projector's business: this class is only the math.
/// </summary>
public sealed class FastForward
{
    private readonly HgrnBitModel _model;
    private readonly HgrnBitConfig _c;
    private readonly TernaryProjector _projector;
    private readonly OffloadingProjector? _offloading;
    /// <summary>Where the BitLinears go: <see cref="_offloading"/> if there is a device, else the CPU projector.</summary>
    private readonly IProjectionRunner _projections;
    private readonly ReadAheadSchedule _schedule;
    /// <summary>1 - lb[N], so f = lb + (1 - lb) * f is one multiply-add per channel.</summary>
    private readonly float[][] _oneMinusLowerBound;

    /// <summary>The fast forward pass of <paramref name="model"/>.</summary>
    /// <param name="model">The model to run.</param>
    /// <param name="projector">Threads and kernel of its projections.</param>
    /// <param name="offload">Layers to run on an FPGA, if any; the CPU takes over if it fails.</param>
    public FastForward(HgrnBitModel model, TernaryProjector projector, IProjectionOffload? offload = null)
    {
        _model = model;
        _c = model.Config;
        _projector = projector;
        _oneMinusLowerBound = new float[_c.NumHiddenLayers][];
        for (int n = 0; n < _c.NumHiddenLayers; n++)
        {
            _oneMinusLowerBound[n] = new float[_c.RecurrentWidth];
            if (model.LowerBounds is float[][] lb) TensorPrimitives.Subtract(1f, lb[n], _oneMinusLowerBound[n]);
        }
        _schedule = new ReadAheadSchedule(model);
        _offloading = offload is null ? null : new OffloadingProjector(model, projector, offload);
        _projections = _offloading ?? (IProjectionRunner)projector;
    }

    /// <summary>The model it runs.</summary>
    public HgrnBitModel Model => _model;
    /// <summary>The threads and kernel of its projections.</summary>
    public TernaryProjector Projector => _projector;

    /// <summary>Raised once, on the token loop, when the offload device fails and the CPU takes over.</summary>
    public event Action<string>? OffloadFellBack
    {
        add { if (_offloading is not null) _offloading.FellBack += value; }
        remove { if (_offloading is not null) _offloading.FellBack -= value; }
    }

    /// <summary>True once the offload device has failed and every projection runs on the CPU.</summary>
    public bool OffloadFailed => _offloading?.Failed ?? false;

    /// <summary>Consumes <paramref name="tokens"/> (a prompt, or one token when decoding); leaves the last token's logits in <see cref="InferenceState.Logits"/>.</summary>
    public void Forward(ReadOnlySpan<int> tokens, InferenceState state)
    {
        _projector.Schedule = _schedule;                                // the projector may serve several passes
        for (int start = 0; start < tokens.Length; start += state.MaxBatch)
        {
            int count = Math.Min(state.MaxBatch, tokens.Length - start);
            ForwardChunk(tokens.Slice(start, count), state, computeLogits: start + count == tokens.Length);
        }
    }

    private void ForwardChunk(ReadOnlySpan<int> tokens, InferenceState s, bool computeLogits)
    {
        int t = tokens.Length, h = _c.HiddenSize, d = _c.RecurrentWidth, inter = _c.IntermediateSize;
        float eps = _c.RmsNormEps;
        Span<float> x = s.X.AsSpan(0, t * h);
        for (int k = 0; k < t; k++) _model.Embeddings.CopyRow(tokens[k], x.Slice(k * h, h));

        for (int n = 0; n < _c.NumHiddenLayers; n++)
        {
            HgrnBitLayerWeights w = _model.Layers[n];

            // i, f, g = BitLinear(RMSNorm(x)) with their own norm gains   (docs/model-spec.md "MLGRU"); on the channels it
            // computed, each thread then runs the gates and the recurrence (RunMlgruGates), leaving silu(h_k) in i.
            Span<float> u = s.U.AsSpan(0, t * h);
            for (int k = 0; k < t; k++) RmsNorm(x.Slice(k * h, h), w.AttnNorm, eps, u.Slice(k * h, h));
            Span<float> i = s.I.AsSpan(0, t * d), f = s.F.AsSpan(0, t * d), g = s.G.AsSpan(0, t * d);
            BitLinearIfg(w, u, t, i, f, g, s, n);

            // o = RMSNorm(g; g_norm) * silu(h_t)   (FusedRMSNormSwishGate, docs/model-spec.md "MLGRU")
            Span<float> o = s.O.AsSpan(0, t * d);
            for (int k = 0; k < t; k++) RmsNorm(g.Slice(k * d, d), w.GNorm, eps, o.Slice(k * d, d));
            TensorPrimitives.Multiply(o, i, o);

            // x = x + BitLinear_o(o)
            Span<float> a = s.A.AsSpan(0, t * h);
            BitLinear(w.OProj, o, t, a, s);
            TensorPrimitives.Add(x, a, x);

            // gate | value = BitLinear_gate(RMSNorm(x; mlp_norm))   (docs/model-spec.md "One token step")...
            Span<float> v = s.U.AsSpan(0, t * h);
            for (int k = 0; k < t; k++) RmsNorm(x.Slice(k * h, h), w.MlpNorm, eps, v.Slice(k * h, h));
            // ...then swiglu(gate, value) = silu(gate) * value on the channels each thread computed (RunSwiGlu)
            Span<float> p = s.P.AsSpan(0, t * 2 * inter);
            Span<float> sw = s.S.AsSpan(0, t * inter);
            BitLinearSwiGlu(w.GateProj, v, t, p, sw, s);

            // x = x + BitLinear_down(swiglu)
            Span<float> z = s.A.AsSpan(0, t * h);
            BitLinear(w.DownProj, sw, t, z, s);
            TensorPrimitives.Add(x, z, x);
        }
        s.Recurrent.Position += t;

        if (computeLogits)                                              // logits = BitLinear_lm_head(RMSNorm(x_last))
        {
            Span<float> last = s.Normed;
            RmsNorm(x.Slice((t - 1) * h, h), _model.FinalNorm, eps, last);
            BitLinear(_model.LmHead, last, 1, s.Logits, s);
        }
    }

    /// <summary>BitLinear over <paramref name="tokens"/> rows of input (docs/model-spec.md "BitLinear" 1-4).</summary>
    private void BitLinear(BitLinearWeights w, ReadOnlySpan<float> input, int tokens, Span<float> output, InferenceState s)
    {
        Span<float> denominators = s.Denominators.AsSpan(0, tokens);
        Span<sbyte> q = Quantize(w, input, tokens, s.Quantized(0), denominators);
        _projections.Project(new ProjectionTask(w.Weight, q, tokens, denominators, output));
    }

    /// <summary>
    /// The i, f and g BitLinears of one layer: the same input, each with its own RMSNorm gain, so three
    /// quantizations but one fork-join on the CPU, cut by channel so that the MLGRU's elementwise steps run on the
    /// threads that computed the channels (<see cref="RunMlgruGates"/>).
    /// </summary>
    private unsafe void BitLinearIfg(HgrnBitLayerWeights w, ReadOnlySpan<float> u, int tokens, Span<float> i, Span<float> f, Span<float> g, InferenceState s, int layer)
    {
        Span<float> di = s.Denominators.AsSpan(0, tokens), df = s.Denominators.AsSpan(tokens, tokens), dg = s.Denominators.AsSpan(2 * tokens, tokens);
        Span<sbyte> qi = s.Quantized(0), qf = s.Quantized(1), qg = s.Quantized(2);
        int n = w.IProj.Weight.Columns;
        for (int k = 0; k < tokens; k++)                                // one norm of u for all three (same bits as three)
        {
            ReadOnlySpan<float> uk = u.Slice(k * n, n);
            float inverseRms = ActivationQuantizer.InverseRms(uk, BitLinearWeights.NormEps);
            di[k] = QuantizeToken(w.IProj, uk, inverseRms, qi, k);
            df[k] = QuantizeToken(w.FProj, uk, inverseRms, qf, k);
            dg[k] = QuantizeToken(w.GProj, uk, inverseRms, qg, k);
        }
        qi = qi[..(tokens * w.IProj.Weight.PaddedColumns)];
        qf = qf[..(tokens * w.FProj.Weight.PaddedColumns)];
        qg = qg[..(tokens * w.GProj.Weight.PaddedColumns)];
        bool bounded = layer > 0 && _model.LowerBounds is not null;          // the first layer has no lower bound
        float[]? lowerBound = bounded ? _model.LowerBounds![layer] : null, oneMinusLowerBound = bounded ? _oneMinusLowerBound[layer] : null;
        fixed (float* pi = i, pf = f, ph = s.Recurrent.H[layer], plb = lowerBound, pomlb = oneMinusLowerBound)
        {
            var gates = new MlgruGates { I = pi, F = pf, H = ph, LowerBound = plb, OneMinusLowerBound = pomlb, Tokens = tokens, Width = _c.RecurrentWidth };
            _projections.Project(
                new ProjectionTask(w.IProj.Weight, qi, tokens, di, i),
                new ProjectionTask(w.FProj.Weight, qf, tokens, df, f),
                new ProjectionTask(w.GProj.Weight, qg, tokens, dg, g),
                new ChannelEpilogue(&RunMlgruGates, &gates));
        }
    }

    /// <summary>gate|value = BitLinear_gate(v), then swiglu into <paramref name="output"/> on the threads that computed each channel (<see cref="RunSwiGlu"/>).</summary>
    private unsafe void BitLinearSwiGlu(BitLinearWeights w, ReadOnlySpan<float> input, int tokens, Span<float> projection, Span<float> output, InferenceState s)
    {
        Span<float> denominators = s.Denominators.AsSpan(0, tokens);
        Span<sbyte> q = Quantize(w, input, tokens, s.Quantized(0), denominators);
        fixed (float* pp = projection, ps = output)
        {
            var swiGlu = new SwiGluGates { P = pp, S = ps, Tokens = tokens, Width = _c.IntermediateSize };
            _projections.ProjectHalves(new ProjectionTask(w.Weight, q, tokens, denominators, projection), new ChannelEpilogue(&RunSwiGlu, &swiGlu));
        }
    }

    /// <summary>What <see cref="RunMlgruGates"/> reads and writes: [tokens, Width] i and f, the layer's h, and its lower bound or null.</summary>
    private unsafe struct MlgruGates
    {
        public float* I, F, H, LowerBound, OneMinusLowerBound;
        public int Tokens, Width;
    }

    /// <summary>
    /// Channels [first, end) of a layer's MLGRU, token by token (docs/model-spec.md "One token step"): f = sigmoid(f), lifted by
    /// the lower bound; i = silu(i) * (1 - f); h = f * h + i, the only sequential step; then i = silu(h) for the output gate.
    /// </summary>
    private static unsafe void RunMlgruGates(void* state, int first, int end)
    {
        MlgruGates* m = (MlgruGates*)state;
        int n = end - first;
        Span<float> tmp = stackalloc float[n];
        var h = new Span<float>(m->H + first, n);
        for (int k = 0; k < m->Tokens; k++)
        {
            var i = new Span<float>(m->I + (long)k * m->Width + first, n);
            var f = new Span<float>(m->F + (long)k * m->Width + first, n);
            TensorPrimitives.Sigmoid(f, f);
            if (m->LowerBound != null)
                TensorPrimitives.MultiplyAdd(f, new ReadOnlySpan<float>(m->OneMinusLowerBound + first, n), new ReadOnlySpan<float>(m->LowerBound + first, n), f);
            TensorPrimitives.Sigmoid(i, tmp);
            TensorPrimitives.Multiply(i, tmp, i);
            TensorPrimitives.Subtract(1f, f, tmp);
            TensorPrimitives.Multiply(i, tmp, i);
            TensorPrimitives.MultiplyAdd(f, h, i, h);
            TensorPrimitives.Sigmoid(h, tmp);
            TensorPrimitives.Multiply(h, tmp, i);
        }
    }

    /// <summary>What <see cref="RunSwiGlu"/> reads and writes: [tokens, 2 * Width] gate|value, [tokens, Width] swiglu.</summary>
    private unsafe struct SwiGluGates
    {
        public float* P, S;
        public int Tokens, Width;
    }

    /// <summary>Channels [first, end) of swiglu(gate, value) = silu(gate) * value, token by token.</summary>
    private static unsafe void RunSwiGlu(void* state, int first, int end)
    {
        SwiGluGates* m = (SwiGluGates*)state;
        int n = end - first;
        Span<float> tmp = stackalloc float[n];
        for (int k = 0; k < m->Tokens; k++)
        {
            var gate = new ReadOnlySpan<float>(m->P + (long)k * 2 * m->Width + first, n);
            var value = new ReadOnlySpan<float>(m->P + (long)k * 2 * m->Width + m->Width + first, n);
            var output = new Span<float>(m->S + (long)k * m->Width + first, n);
            TensorPrimitives.Sigmoid(gate, tmp);
            TensorPrimitives.Multiply(gate, tmp, output);
            TensorPrimitives.Multiply(output, value, output);
        }
    }

    /// <summary>Steps 1-3 for every token: int8 activations into <paramref name="q"/>, s_x * s_w into <paramref name="denominators"/>.</summary>
    private static Span<sbyte> Quantize(BitLinearWeights w, ReadOnlySpan<float> input, int tokens, Span<sbyte> q, Span<float> denominators)
    {
        int n = w.Weight.Columns;
        for (int k = 0; k < tokens; k++)                                // out = acc / (s_x * s_w)
        {
            ReadOnlySpan<float> token = input.Slice(k * n, n);
            denominators[k] = QuantizeToken(w, token, ActivationQuantizer.InverseRms(token, BitLinearWeights.NormEps), q, k);
        }
        return q.Slice(0, tokens * w.Weight.PaddedColumns);
    }

    /// <summary>Token <paramref name="k"/>'s steps 1-3 with its norm already taken: int8 activations into its row of <paramref name="q"/>; returns s_x * s_w.</summary>
    private static float QuantizeToken(BitLinearWeights w, ReadOnlySpan<float> input, float inverseRms, Span<sbyte> q, int k)
    {
        int pad = w.Weight.PaddedColumns;
        return ActivationQuantizer.QuantizeNormalized(input, inverseRms, w.NormGain, q.Slice(k * pad, pad)) * w.Weight.WeightScale;
    }

    /// <summary>RMSNorm(x; w, eps) = x / sqrt(mean(x^2) + eps) * w.</summary>
    private static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> w, float eps, Span<float> y)
    {
        float rstd = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(x) / x.Length + eps);
        TensorPrimitives.Multiply(x, rstd, y);
        TensorPrimitives.Multiply(y, w, y);
    }
}
