using System.Numerics.Tensors;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Offload;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// The production forward pass: the same math as <see cref="ReferenceForward"/>, but with prefill
/// batched (every projection of a prompt chunk is one int8 x ternary GEMM, each token with its own
/// activation scale; only h = f*h + i runs token by token, docs/model-spec.md "Prefill"), SIMD kernels,
/// worker threads, optional device offload with CPU fallback, and no allocation per token.
/// </summary>
public sealed class FastForward
{
    private readonly HgrnBitModel _model;
    private readonly HgrnBitConfig _c;
    private readonly TernaryProjector _projector;
    private readonly IProjectionOffload? _offload;
    private readonly bool[] _offloaded;
    /// <summary>1 - lb[N], so f = lb + (1 - lb) * f is one multiply-add per channel.</summary>
    private readonly float[][] _oneMinusLowerBound;
    private bool _offloadFailed;
    /// <summary>One-token steps spread over all threads, where the shape allows (<see cref="ParallelDecodeStep.Supports"/>).</summary>
    private readonly ParallelDecodeStep? _decode;

    /// <param name="model">The model to run.</param>
    /// <param name="projector">Threads and kernel of its projections.</param>
    /// <param name="offload">Layers to run on an FPGA, if any.</param>
    /// <param name="decodeStep">How one-token steps are spread over the threads (a model with offloaded layers decodes batched).</param>
    public FastForward(HgrnBitModel model, TernaryProjector projector, IProjectionOffload? offload = null, DecodeStepMode decodeStep = DecodeStepMode.Auto)
    {
        _model = model;
        _c = model.Config;
        _projector = projector;
        _offload = offload;
        _offloaded = new bool[_c.NumHiddenLayers * ProjectionsPerLayer + 1];
        _oneMinusLowerBound = new float[_c.NumHiddenLayers][];
        for (int n = 0; n < _c.NumHiddenLayers; n++)
        {
            _oneMinusLowerBound[n] = new float[_c.RecurrentWidth];
            if (model.LowerBounds is float[][] lb) TensorPrimitives.Subtract(1f, lb[n], _oneMinusLowerBound[n]);
        }
        bool parallel = decodeStep == DecodeStepMode.Parallel
            || (decodeStep == DecodeStepMode.Auto && projector.Threads >= ParallelDecodeStep.AutoFromThreads);
        if (parallel && offload is null && ParallelDecodeStep.Supports(_c)) _decode = new ParallelDecodeStep(model, projector, _oneMinusLowerBound);
        if (offload is not null)
        {
            for (int n = 0; n < _c.NumHiddenLayers; n++)
            {
                BitLinearWeights[] projections = model.Layers[n].Projections;
                for (int k = 0; k < projections.Length; k++)
                    _offloaded[n * ProjectionsPerLayer + k] = offload.Handles(n, projections[k].Weight);
            }
            _offloaded[^1] = offload.Handles(-1, model.LmHead.Weight);
        }
    }

    private const int ProjectionsPerLayer = 6;
    private const int IIndex = 0, FIndex = 1, GIndex = 2, OIndex = 3, GateIndex = 4, DownIndex = 5;

    public HgrnBitModel Model => _model;
    public TernaryProjector Projector => _projector;

    /// <summary>Raised once, on the token loop, when the offload device fails and the CPU takes over.</summary>
    public event Action<string>? OffloadFellBack;

    /// <summary>True once the offload device has failed and every projection runs on the CPU.</summary>
    public bool OffloadFailed => _offloadFailed;

    /// <summary>The decode step in use: <see cref="DecodeStepMode.Parallel"/> or <see cref="DecodeStepMode.Batched"/>.</summary>
    public DecodeStepMode DecodeStep => _decode is null ? DecodeStepMode.Batched : DecodeStepMode.Parallel;

    /// <summary>Consumes <paramref name="tokens"/> (a prompt, or one token when decoding); leaves the last token's logits in <see cref="InferenceState.Logits"/>.</summary>
    public void Forward(ReadOnlySpan<int> tokens, InferenceState state)
    {
        if (tokens.Length == 1 && _decode is not null && _projector.Trace is null)
        {
            _decode.Step(tokens[0], state);                             // decode: every step on every thread
            return;
        }
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
            int id = n * ProjectionsPerLayer;
            Span<float> u = s.U.AsSpan(0, t * h);
            for (int k = 0; k < t; k++) RmsNorm(x.Slice(k * h, h), w.AttnNorm, eps, u.Slice(k * h, h));

            Span<float> i = s.I.AsSpan(0, t * d), f = s.F.AsSpan(0, t * d), g = s.G.AsSpan(0, t * d);
            _projector.ExpectNext(w.OProj.Weight);
            ReadAfterNextCall(s.Recurrent.H[n], w.GNorm, w.OProj.NormGain);
            if (n > 0 && _model.LowerBounds is float[][] lowerBounds) ReadAfterNextCall(lowerBounds[n], _oneMinusLowerBound[n]);
            BitLinearIfg(w, id, u, t, i, f, g, s);

            // f = sigmoid(f), lifted by the layer's lower bound; i = silu(i) * (1 - f). All tokens at once.
            Span<float> tmp = s.Scratch.AsSpan(0, t * d);
            TensorPrimitives.Sigmoid(f, f);
            if (n > 0 && _model.LowerBounds is float[][] lb)              // the first layer has no lower bound
                for (int k = 0; k < t; k++)
                    TensorPrimitives.MultiplyAdd(f.Slice(k * d, d), _oneMinusLowerBound[n], lb[n], f.Slice(k * d, d));
            TensorPrimitives.Sigmoid(i, tmp);
            TensorPrimitives.Multiply(i, tmp, i);
            TensorPrimitives.Subtract(1f, f, tmp);
            TensorPrimitives.Multiply(i, tmp, i);

            // h = f * h + i: the only sequential step. i_k is overwritten with h_k for the gate below.
            float[] hn = s.Recurrent.H[n];
            for (int k = 0; k < t; k++)
            {
                TensorPrimitives.MultiplyAdd(f.Slice(k * d, d), hn, i.Slice(k * d, d), hn);
                hn.CopyTo(i.Slice(k * d, d));
            }

            // o = RMSNorm(g; g_norm) * silu(h_t)   (FusedRMSNormSwishGate, docs/model-spec.md "MLGRU")
            Span<float> o = s.O.AsSpan(0, t * d);
            for (int k = 0; k < t; k++) RmsNorm(g.Slice(k * d, d), w.GNorm, eps, o.Slice(k * d, d));
            TensorPrimitives.Sigmoid(i, tmp);
            TensorPrimitives.Multiply(i, tmp, tmp);
            TensorPrimitives.Multiply(o, tmp, o);
            Span<float> a = s.A.AsSpan(0, t * h);
            _projector.ExpectNext(w.GateProj.Weight);
            ReadAfterNextCall(w.MlpNorm, w.GateProj.NormGain);
            BitLinear(w.OProj, id + OIndex, o, t, a, s);
            TensorPrimitives.Add(x, a, x);                              // x = r + a

            Span<float> v = s.U.AsSpan(0, t * h);
            for (int k = 0; k < t; k++) RmsNorm(x.Slice(k * h, h), w.MlpNorm, eps, v.Slice(k * h, h));
            Span<float> p = s.P.AsSpan(0, t * 2 * inter);
            _projector.ExpectNext(w.DownProj.Weight);
            ReadAfterNextCall(w.DownProj.NormGain);
            BitLinear(w.GateProj, id + GateIndex, v, t, p, s);
            Span<float> sw = s.S.AsSpan(0, t * inter);
            Span<float> gateSigmoid = s.Scratch.AsSpan(0, inter);
            for (int k = 0; k < t; k++)                                 // swiglu(gate, value) = silu(gate) * value
            {
                ReadOnlySpan<float> gate = p.Slice(k * 2 * inter, inter), value = p.Slice(k * 2 * inter + inter, inter);
                Span<float> sk = sw.Slice(k * inter, inter);
                TensorPrimitives.Sigmoid(gate, gateSigmoid);
                TensorPrimitives.Multiply(gate, gateSigmoid, sk);
                TensorPrimitives.Multiply(sk, value, sk);
            }
            Span<float> z = s.A.AsSpan(0, t * h);
            if (n + 1 < _c.NumHiddenLayers)
            {
                HgrnBitLayerWeights next = _model.Layers[n + 1];
                ExpectIfg(next);
                ReadAfterNextCall(next.AttnNorm, next.IProj.NormGain, next.FProj.NormGain);
                ReadAfterNextCall(next.GProj.NormGain);
            }
            else if (computeLogits)
            {
                _projector.ExpectNext(_model.LmHead.Weight);
                ReadAfterNextCall(_model.FinalNorm, _model.LmHead.NormGain);
            }
            else ExpectIfg(_model.Layers[0]);                          // the next prompt chunk
            BitLinear(w.DownProj, id + DownIndex, sw, t, z, s);
            TensorPrimitives.Add(x, z, x);                              // x = x + z
        }
        s.Recurrent.Position += t;

        if (computeLogits)
        {
            Span<float> last = s.Normed;
            RmsNorm(x.Slice((t - 1) * h, h), _model.FinalNorm, eps, last);
            ExpectIfg(_model.Layers[0]);                                // the next token
            BitLinear(_model.LmHead, _offloaded.Length - 1, last, 1, s.Logits, s);
        }
    }

    /// <summary>
    /// Tells the projector that a layer's i, f and g come after the call about to run, so idle workers pull
    /// them toward their caches during the elementwise work in between (<see cref="TernaryProjector.ExpectNext"/>).
    /// </summary>
    private void ExpectIfg(HgrnBitLayerWeights w) => _projector.ExpectNext(w.IProj.Weight, w.FProj.Weight, w.GProj.Weight);

    /// <summary>Arrays the next serial steps read, warmed by this thread during the next projection (<see cref="TernaryProjector.ReadAfterNextCall"/>).</summary>
    private void ReadAfterNextCall(float[] a, float[]? b = null, float[]? c = null)
    {
        _projector.ReadAfterNextCall(a);
        if (b is not null) _projector.ReadAfterNextCall(b);
        if (c is not null) _projector.ReadAfterNextCall(c);
    }

    /// <summary>BitLinear over <paramref name="tokens"/> rows of input (docs/model-spec.md "BitLinear" 1-4).</summary>
    private void BitLinear(BitLinearWeights w, int id, ReadOnlySpan<float> input, int tokens, Span<float> output, InferenceState s)
    {
        Span<float> denominators = s.Denominators.AsSpan(0, tokens);
        Span<sbyte> q = Quantize(w, input, tokens, s.Quantized(0), denominators);
        if (Offloaded(id))
        {
            _projector.ForgetHints();                                   // they were for a CPU call
            TryOffload(w.Weight, id, q, tokens, denominators, output, s);
            return;
        }
        _projector.Project(new ProjectionTask(w.Weight, q, tokens, denominators, output));
    }

    /// <summary>
    /// The i, f and g BitLinears of one layer: the same input, each with its own RMSNorm gain, so three
    /// quantizations but one fork-join on the CPU.
    /// </summary>
    private void BitLinearIfg(HgrnBitLayerWeights w, int id, ReadOnlySpan<float> u, int tokens, Span<float> i, Span<float> f, Span<float> g, InferenceState s)
    {
        if (Offloaded(id + IIndex) || Offloaded(id + FIndex) || Offloaded(id + GIndex))
        {
            _projector.ForgetHints();
            BitLinear(w.IProj, id + IIndex, u, tokens, i, s);
            BitLinear(w.FProj, id + FIndex, u, tokens, f, s);
            BitLinear(w.GProj, id + GIndex, u, tokens, g, s);
            return;
        }
        Span<float> di = s.Denominators.AsSpan(0, tokens), df = s.Denominators.AsSpan(tokens, tokens), dg = s.Denominators.AsSpan(2 * tokens, tokens);
        Span<sbyte> qi = Quantize(w.IProj, u, tokens, s.Quantized(0), di);
        Span<sbyte> qf = Quantize(w.FProj, u, tokens, s.Quantized(1), df);
        Span<sbyte> qg = Quantize(w.GProj, u, tokens, s.Quantized(2), dg);
        _projector.Project(
            new ProjectionTask(w.IProj.Weight, qi, tokens, di, i),
            new ProjectionTask(w.FProj.Weight, qf, tokens, df, f),
            new ProjectionTask(w.GProj.Weight, qg, tokens, dg, g));
    }

    /// <summary>Steps 1-3 for every token: int8 activations into <paramref name="q"/>, s_x * s_w into <paramref name="denominators"/>.</summary>
    private static Span<sbyte> Quantize(BitLinearWeights w, ReadOnlySpan<float> input, int tokens, Span<sbyte> q, Span<float> denominators)
    {
        TernaryMatrix m = w.Weight;
        int n = m.Columns, pad = m.PaddedColumns;
        for (int k = 0; k < tokens; k++)                                // out = acc / (s_x * s_w)
            denominators[k] = ActivationQuantizer.RmsNormQuantize(input.Slice(k * n, n), w.NormGain, BitLinearWeights.NormEps, q.Slice(k * pad, pad)) * m.WeightScale;
        return q.Slice(0, tokens * pad);
    }

    private bool Offloaded(int id) => _offloaded[id] && !_offloadFailed;

    /// <summary>Runs one projection on the offload device; on failure, falls back to the CPU for good.</summary>
    private void TryOffload(TernaryMatrix m, int id, ReadOnlySpan<sbyte> q, int tokens, ReadOnlySpan<float> denominators, Span<float> output, InferenceState s)
    {
        Span<int> acc = s.Accumulators.AsSpan(0, tokens * m.Rows);
        if (!_offload!.TryComputeAccumulators(m, q, tokens, acc))
        {
            FallBack();
            _projector.Project(new ProjectionTask(m, q, tokens, denominators, output));
            return;
        }
        for (int k = 0; k < tokens; k++)
            TernaryProjector.Rescale(acc.Slice(k * m.Rows, m.Rows), denominators[k], output.Slice(k * m.Rows, m.Rows));
    }

    private void FallBack()
    {
        _offloadFailed = true;
        OffloadFellBack?.Invoke(_offload!.FailureReason ?? "the offload device failed");
    }

    /// <summary>RMSNorm(x; w, eps) = x / sqrt(mean(x^2) + eps) * w.</summary>
    private static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> w, float eps, Span<float> y)
    {
        float rstd = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(x) / x.Length + eps);
        TensorPrimitives.Multiply(x, rstd, y);
        TensorPrimitives.Multiply(y, w, y);
    }
}
