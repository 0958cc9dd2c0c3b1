using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// One decode token (docs/model-spec.md "One token step") with every step spread over the projector's threads,
/// as ggml spreads a graph: no step runs on the caller alone while the others wait.
/// <para>
/// A token is 4 calls per layer (i|f|g, o, gate|up, down) and one for <c>lm_head</c>. In each call every thread
/// first quantizes the call's whole input into its own buffer (the prologue: a few microseconds, the same on every
/// thread, so no second join is needed before the projection), then computes the output channels it claims, in
/// chunks of <see cref="ChannelGrain"/>, and at once applies to those channels the elementwise steps that follow
/// them (the epilogue: the MLGRU gates and recurrence after i|f|g, the residual after o and down, SwiGLU after
/// gate|up). Only the reductions (RMSNorm, the absmax of quantization) need a whole vector, so they sit in the
/// next call's prologue. gate|up's rows are claimed in pairs (gate row c with up row c) for that reason.
/// </para><para>
/// Every step runs the same <see cref="TensorPrimitives"/> calls on the same values as <see cref="FastForward"/>'s
/// batched path (elementwise steps on slices of whole vectors, each at least one vector long; reductions over
/// whole vectors), so a token decoded here is bit for bit the token decoded in a batch, on any thread count.
/// </para>
/// </summary>
public sealed unsafe class ParallelDecodeStep : IDisposable
{
    /// <summary>
    /// <see cref="DecodeStepMode.Auto"/> uses this step from this many threads on. On 2 cores the batched step was
    /// 5-10% faster (its serial steps cost ~0.5 ms of a ~3 ms token, less than 2 threads' redundant prologues and
    /// shorter streams); the serial steps are what stops decode scaling on more cores (docs/performance.md).
    /// </summary>
    public const int AutoFromThreads = 4;

    /// <summary>Channels per claimed chunk are a multiple of this: 64 floats, four 512-bit vectors.</summary>
    public const int ChannelGrain = 64;

    /// <summary>About this many weight bytes per chunk (as <see cref="TernaryProjector"/>'s chunks).</summary>
    private const int ChunkBytes = 32 * 1024;

    /// <summary>Chunks per thread and call at most: enough for a late thread's work to be stolen in pieces.</summary>
    private const int ChunksPerThread = 4;

    private const int MaxJobs = 3;

    private enum Stage { Ifg, O, GateUp, Down, LmHead }

    private readonly HgrnBitModel _model;
    private readonly HgrnBitConfig _c;
    private readonly TernaryKernel _kernel;
    private readonly WorkerPool _pool;
    private readonly float[][] _oneMinusLowerBound;
    private readonly ThreadScratch[] _scratch;
    private readonly GCHandle _self;
    /// <summary>The call's home ranges, one per thread (<see cref="WorkStealingRanges"/>), 128-byte aligned.</summary>
    private readonly long* _ranges;
    private readonly TernaryJob* _jobs;

    // The running call, written by the caller before it hands the call out (the pool's fence publishes them).
    private Stage _stage;
    private int _layer;
    private int _jobCount;
    private int _channels;
    private int _chunkChannels;
    private int _homes;
    private int _call;
    private InferenceState? _state;
    private bool _disposed;

    /// <param name="model">The model to decode.</param>
    /// <param name="projector">Whose threads and kernel to use.</param>
    /// <param name="oneMinusLowerBound">1 - lb[N] per layer, as <see cref="FastForward"/> keeps it.</param>
    internal ParallelDecodeStep(HgrnBitModel model, TernaryProjector projector, float[][] oneMinusLowerBound)
    {
        _model = model;
        _c = model.Config;
        _kernel = projector.Kernel;
        _pool = projector.Pool;
        _oneMinusLowerBound = oneMinusLowerBound;
        int widest = Math.Max(Math.Max(_c.HiddenSize, _c.RecurrentWidth), _c.IntermediateSize);
        _scratch = new ThreadScratch[_pool.Threads];
        for (int k = 0; k < _scratch.Length; k++) _scratch[k] = new ThreadScratch(widest, TernaryMatrix.PadColumns(widest));
        _ranges = (long*)NativeMemory.AlignedAlloc((nuint)(_pool.Threads * WorkStealingRanges.Stride * sizeof(long)), 128);
        _jobs = (TernaryJob*)NativeMemory.AlignedAlloc((nuint)(MaxJobs * sizeof(TernaryJob)), 128);
        _self = GCHandle.Alloc(this, GCHandleType.Weak); // weak: a step nobody disposes is still collected
    }

    /// <summary>
    /// True when every elementwise slice is whole vectors (channel counts a multiple of 16), the condition for
    /// bit-for-bit equality with the batched path; other shapes decode through <see cref="FastForward"/>'s batched path.
    /// </summary>
    internal static bool Supports(HgrnBitConfig c) => c.HiddenSize % 16 == 0 && c.RecurrentWidth % 16 == 0 && c.IntermediateSize % 16 == 0;

    /// <summary>Consumes one token; leaves its logits in <see cref="InferenceState.Logits"/>.</summary>
    public void Step(int token, InferenceState s)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int h = _c.HiddenSize;
        _model.Embeddings.CopyRow(token, s.X.AsSpan(0, h));
        _state = s;
        fixed (float* i = s.I, f = s.F, g = s.G, a = s.A, p = s.P, logits = s.Logits)
        {
            for (int n = 0; n < _c.NumHiddenLayers; n++)
            {
                HgrnBitLayerWeights w = _model.Layers[n];
                _layer = n;
                Run(Stage.Ifg, _c.RecurrentWidth, Job(0, w.IProj.Weight, 0, (int*)i), Job(1, w.FProj.Weight, 0, (int*)f), Job(2, w.GProj.Weight, 0, (int*)g));
                Run(Stage.O, h, Job(0, w.OProj.Weight, 0, (int*)a));
                int inter = _c.IntermediateSize;
                Run(Stage.GateUp, inter, Job(0, w.GateProj.Weight, 0, (int*)p), Job(1, w.GateProj.Weight, inter, (int*)p + inter));
                Run(Stage.Down, h, Job(0, w.DownProj.Weight, 0, (int*)a));
            }
            Run(Stage.LmHead, _model.LmHead.Weight.Rows, Job(0, _model.LmHead.Weight, 0, (int*)logits));
        }
        s.Recurrent.Position++;
        _state = null;
    }

    /// <summary>
    /// Job <paramref name="index"/> of the next call: rows [<paramref name="firstRow"/>, firstRow + channels) of
    /// <paramref name="w"/> into <paramref name="output"/>; each thread supplies its own activations.
    /// </summary>
    private int Job(int index, TernaryMatrix w, int firstRow, int* output)
    {
        _jobs[index] = new TernaryJob
        {
            Kernel = _kernel.GemmFor(w, 1),                          // the lookup decode where the path has one
            Weights = _kernel.WeightsFor(w, 1, firstRow),            // firstRow: 0, or I (a multiple of 16)
            RowBytes = w.RowBytes,
            Blocks = w.PaddedColumns / 256,
            Rows = w.Rows - firstRow,
            XStride = w.PaddedColumns,
            Tokens = 1,
            Acc = output,
            AccStride = w.Rows,
        };
        return w.RowBytes;
    }

    private void Run(Stage stage, int channels, int rowBytesA, int rowBytesB = 0, int rowBytesC = 0)
    {
        _stage = stage;
        _jobCount = rowBytesC != 0 ? 3 : rowBytesB != 0 ? 2 : 1;
        _channels = channels;
        int bytesPerChannel = rowBytesA + rowBytesB + rowBytesC;
        // At least ChunkBytes per chunk, and no more than ChunksPerThread chunks per thread: each chunk switches
        // the streams the prefetchers follow (one per job), so the fewer the better once stealing has enough to take.
        int byBytes = ChunkBytes / bytesPerChannel / ChannelGrain * ChannelGrain;
        int byThreads = (channels + _pool.Threads * ChunksPerThread * ChannelGrain - 1) / (_pool.Threads * ChunksPerThread * ChannelGrain) * ChannelGrain;
        _chunkChannels = Math.Max(ChannelGrain, Math.Max(byBytes, byThreads));
        int chunks = (channels + _chunkChannels - 1) / _chunkChannels;
        _homes = Math.Min(_pool.Threads, chunks);
        _call++;
        WorkStealingRanges.Reset(_ranges, chunks, _homes);
        _pool.For(&RunHome, (void*)GCHandle.ToIntPtr(_self), _homes);
    }

    private static void RunHome(void* self, int home, int homes) =>
        ((ParallelDecodeStep)GCHandle.FromIntPtr((nint)self).Target!).RunHome(home);

    /// <summary>The prologue once per thread and call, then this home's chunks front to back, then the others' from their backs.</summary>
    private void RunHome(int home)
    {
        ThreadScratch scratch = _scratch[WorkerPool.CurrentWorker];
        if (scratch.Call != _call)
        {
            Prologue(scratch);
            scratch.Call = _call;
        }
        for (int chunk; (chunk = WorkStealingRanges.ClaimOwn(_ranges, home)) >= 0;) RunChunk(scratch, chunk);
        for (int chunk; (chunk = WorkStealingRanges.Steal(_ranges, home, _homes)) >= 0;) RunChunk(scratch, chunk);
    }

    /// <summary>The call's input, quantized into this thread's buffers (docs/model-spec.md "BitLinear" 1-3).</summary>
    private void Prologue(ThreadScratch t)
    {
        InferenceState s = _state!;
        HgrnBitLayerWeights? w = _stage == Stage.LmHead ? null : _model.Layers[_layer];
        int h = _c.HiddenSize, d = _c.RecurrentWidth;
        float eps = _c.RmsNormEps;
        Span<float> x = s.X.AsSpan(0, h);
        switch (_stage)
        {
            case Stage.Ifg:
            {
                Span<float> u = t.Vector.AsSpan(0, h);
                RmsNorm(x, w!.AttnNorm, eps, u);
                Quantize(t, 0, w.IProj, u);
                Quantize(t, 1, w.FProj, u);
                Quantize(t, 2, w.GProj, u);
                break;
            }
            case Stage.O:
            {
                // o = RMSNorm(g; g_norm) * silu(h_t); I holds h_t (FusedRMSNormSwishGate, "MLGRU").
                Span<float> o = t.Vector.AsSpan(0, d), tmp = t.Temporary.AsSpan(0, d), hi = s.I.AsSpan(0, d);
                RmsNorm(s.G.AsSpan(0, d), w!.GNorm, eps, o);
                TensorPrimitives.Sigmoid(hi, tmp);
                TensorPrimitives.Multiply(hi, tmp, tmp);
                TensorPrimitives.Multiply(o, tmp, o);
                Quantize(t, 0, w.OProj, o);
                break;
            }
            case Stage.GateUp:
            {
                Span<float> v = t.Vector.AsSpan(0, h);
                RmsNorm(x, w!.MlpNorm, eps, v);
                Quantize(t, 0, w.GateProj, v);
                t.Rows[1] = t.Rows[0];          // up's rows take the same input as gate's
                t.Sums[1] = t.Sums[0];
                t.Denominators[1] = t.Denominators[0];
                break;
            }
            case Stage.Down:
                Quantize(t, 0, w!.DownProj, s.S.AsSpan(0, _c.IntermediateSize));
                break;
            case Stage.LmHead:
            {
                Span<float> last = t.Vector.AsSpan(0, h);
                RmsNorm(x, _model.FinalNorm, eps, last);
                Quantize(t, 0, _model.LmHead, last);
                break;
            }
        }
    }

    /// <summary>Steps 1-3 of BitLinear for one input: int8 activations, their sum, and s_x * s_w.</summary>
    private void Quantize(ThreadScratch t, int job, BitLinearWeights w, ReadOnlySpan<float> input)
    {
        TernaryMatrix m = w.Weight;
        sbyte* q = t.Activations(job);
        t.Rows[job] = q;
        t.Denominators[job] = ActivationQuantizer.RmsNormQuantize(input, w.NormGain, BitLinearWeights.NormEps, new Span<sbyte>(q, m.PaddedColumns)) * m.WeightScale;
        t.Sums[job] = _kernel.SumActivations(q, m.PaddedColumns);
    }

    /// <summary>Channels [c0, c1) of every job of the call, divided by their denominators, then the epilogue on them.</summary>
    private void RunChunk(ThreadScratch t, int chunk)
    {
        int c0 = chunk * _chunkChannels, c1 = Math.Min(c0 + _chunkChannels, _channels);
        for (int j = 0; j < _jobCount; j++)
        {
            TernaryJob job = _jobs[j];
            job.X = t.Rows[j];
            job.XSums = t.SumOf(j);
            job.Kernel(&job, c0, c1);
            int* acc = job.Acc + c0;
            TernaryProjector.Rescale(acc, t.Denominators[j], (float*)acc, c1 - c0);
        }
        Epilogue(t, c0, c1);
    }

    /// <summary>The elementwise steps that follow the call on channels [c0, c1), in <see cref="FastForward"/>'s order.</summary>
    private void Epilogue(ThreadScratch t, int c0, int c1)
    {
        InferenceState s = _state!;
        int n = _layer, count = c1 - c0;
        switch (_stage)
        {
            case Stage.Ifg:
            {
                // f = sigmoid(f), lifted by the layer's lower bound; i = silu(i) * (1 - f); h = f * h + i.
                Span<float> i = s.I.AsSpan(c0, count), f = s.F.AsSpan(c0, count), tmp = t.Temporary.AsSpan(0, count);
                TensorPrimitives.Sigmoid(f, f);
                if (n > 0 && _model.LowerBounds is float[][] lb)
                    TensorPrimitives.MultiplyAdd(f, _oneMinusLowerBound[n].AsSpan(c0, count), lb[n].AsSpan(c0, count), f);
                TensorPrimitives.Sigmoid(i, tmp);
                TensorPrimitives.Multiply(i, tmp, i);
                TensorPrimitives.Subtract(1f, f, tmp);
                TensorPrimitives.Multiply(i, tmp, i);
                Span<float> hn = s.Recurrent.H[n].AsSpan(c0, count);
                TensorPrimitives.MultiplyAdd(f, hn, i, hn);
                hn.CopyTo(i);
                break;
            }
            case Stage.O:
            case Stage.Down:
            {
                Span<float> x = s.X.AsSpan(c0, count);                    // x = r + a, x = x + z
                TensorPrimitives.Add(x, s.A.AsSpan(c0, count), x);
                break;
            }
            case Stage.GateUp:
            {
                int inter = _c.IntermediateSize;                          // swiglu(gate, value) = silu(gate) * value
                ReadOnlySpan<float> gate = s.P.AsSpan(c0, count), value = s.P.AsSpan(inter + c0, count);
                Span<float> sk = s.S.AsSpan(c0, count), gateSigmoid = t.Temporary.AsSpan(0, count);
                TensorPrimitives.Sigmoid(gate, gateSigmoid);
                TensorPrimitives.Multiply(gate, gateSigmoid, sk);
                TensorPrimitives.Multiply(sk, value, sk);
                break;
            }
        }
    }

    /// <summary>RMSNorm(x; w, eps) = x / sqrt(mean(x^2) + eps) * w, as <see cref="FastForward"/> computes it.</summary>
    private static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> w, float eps, Span<float> y)
    {
        float rstd = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(x) / x.Length + eps);
        TensorPrimitives.Multiply(x, rstd, y);
        TensorPrimitives.Multiply(y, w, y);
    }

    /// <summary>One thread's buffers: its quantized inputs (one per job), their sums and denominators, and float scratch.</summary>
    private sealed class ThreadScratch
    {
        private readonly sbyte[] _activations;
        private readonly int _activationStride;
        private readonly int _offset;

        public ThreadScratch(int widest, int widestPadded)
        {
            _activationStride = (widestPadded + 63) & ~63;
            _activations = GC.AllocateArray<sbyte>(MaxJobs * _activationStride + 64, pinned: true);
            fixed (sbyte* p = _activations) _offset = (int)((64 - (nint)p % 64) % 64); // 64-byte aligned rows
            fixed (int* sums = Sums) _sums = sums;                                   // pinned: stays put
            Vector = new float[widest];
            Temporary = new float[widest];
        }

        /// <summary>The <see cref="ParallelDecodeStep"/> call whose prologue this thread has run.</summary>
        public int Call;
        public readonly sbyte*[] Rows = new sbyte*[MaxJobs];
        public readonly int[] Sums = GC.AllocateArray<int>(MaxJobs, pinned: true);
        public readonly float[] Denominators = new float[MaxJobs];
        public readonly float[] Vector;
        public readonly float[] Temporary;

        private readonly int* _sums;

        public int* SumOf(int job) => _sums + job;

        public sbyte* Activations(int job)
        {
            fixed (sbyte* p = _activations) return p + _offset + job * _activationStride;
        }
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    ~ParallelDecodeStep() => Free();

    private void Free()
    {
        if (_disposed) return;
        _disposed = true;
        _self.Free();
        NativeMemory.AlignedFree(_ranges);
        NativeMemory.AlignedFree(_jobs);
    }
}
