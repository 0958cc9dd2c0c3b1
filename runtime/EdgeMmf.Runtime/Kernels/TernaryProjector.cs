using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// Runs int8 x ternary projections (docs/model-spec.md "BitLinear" step 4) on a persistent <see cref="WorkerPool"/>.
/// <see cref="Gemm"/> leaves integer sums; <see cref="Project(ProjectionTask)"/> also divides them by s_x * s_w
/// on the worker that computed them. Several projections with their own inputs (i, f and g of one layer)
/// go out as one fork-join: their rows are laid end to end, each thread streams its own contiguous share
/// front to back in ~32 KB chunks, and a thread done early takes chunks from the back of the others'
/// shares, so the threads finish together and a thread that loses its core holds up at most one chunk.
/// One token is decode (GEMV); several are prefill (GEMM): all tokens in one pass, so every weight row is
/// read from memory once per call.
/// While the caller works between calls, idle workers pull the start of their share of the next call toward
/// their caches (<see cref="ExpectNext"/>, <see cref="ProjectionLookahead"/>).
/// Zero allocation per call after the first call with a given token count; call from one thread.
/// </summary>
public sealed unsafe class TernaryProjector : IProjectionRunner, IDisposable
{
    /// <summary>Most projections one call takes (i, f and g).</summary>
    private const int MaxTasks = 3;

    private readonly WorkerPool _pool;
    /// <summary>
    /// The running call, in one block at a fixed place: its <see cref="JobSet"/>, its jobs, then each home range's
    /// first unclaimed and end chunk ([home * WorkStealingRanges.Stride]). A worker finds all three at fixed offsets from the
    /// state pointer it is handed, so it fetches their cache lines from the caller's core in parallel rather than
    /// one after another (set, then the jobs pointer in it, then the ranges pointer).
    /// </summary>
    private readonly byte* _call;
    /// <summary>What idle workers prefetch after the running call; read by them while the caller goes on.</summary>
    private readonly ProjectionLookahead* _lookahead;
    private TernaryMatrix? _nextA, _nextB, _nextC;
    private CallCut _nextCut;
    /// <summary>What the caller reads right after the next call (<see cref="ReadAfterNextCall"/>).</summary>
    private readonly CallerReadAhead _readAhead = new();
    /// <summary>The running call's <see cref="CallerReadAhead"/> on the thread that made the call; null on workers.</summary>
    [ThreadStatic] private static CallerReadAhead? t_callerReadAhead;
    private int[] _xSums = new int[16];
    private ProjectionObserver? _observer;
    private bool _disposed;

    /// <summary>A projector on the process's kernel path (<see cref="KernelSelector.Default"/>).</summary>
    /// <param name="threads">Worker threads including the caller; 0 or less = physical cores.</param>
    public TernaryProjector(int threads) : this(threads, KernelSelector.Default)
    {
    }

    /// <summary>A projector on <paramref name="kernel"/>'s path.</summary>
    /// <param name="threads">Worker threads including the caller; 0 or less = physical cores.</param>
    /// <param name="kernel">The kernel path every call runs.</param>
    public TernaryProjector(int threads, TernaryKernel kernel)
    {
        Kernel = kernel;
        _pool = new WorkerPool(threads > 0 ? threads : ProcessorTopology.PhysicalCores());
        _call = (byte*)NativeMemory.AlignedAlloc((nuint)(RangesOffset + _pool.Threads * WorkStealingRanges.Stride * sizeof(long)), 128);
        NativeMemory.Clear(_call, (nuint)RangesOffset);
        _lookahead = (ProjectionLookahead*)NativeMemory.AlignedAlloc((nuint)sizeof(ProjectionLookahead), 128);
        *_lookahead = default;
    }

    /// <summary>Threads a call is spread over, the caller included.</summary>
    public int Threads => _pool.Threads;

    /// <summary>The kernel path every call runs.</summary>
    public TernaryKernel Kernel { get; }

    /// <summary>
    /// What is told each call's timeline (<see cref="ProjectionObserver"/>), or null (the default: a call pays one
    /// test of a null pointer). Its thread count must cover this projector's. Set between calls, from the calling thread.
    /// </summary>
    public ProjectionObserver? Observer
    {
        get => _observer;
        set
        {
            if (value is not null && value.Threads < Threads)
                throw new ArgumentException($"The observer takes {value.Threads} thread(s) per call; this projector runs {Threads}.", nameof(value));
            if (value is not null)
            {
                // Written once here, not per call: a worker reads them only when the call's record is not null.
                JobSet* set = (JobSet*)_call;
                set->HomeStarted = value.HomeStarted;
                set->HomeFinished = value.HomeFinished;
            }
            _observer = value;
        }
    }

    /// <summary>
    /// The model's order of calls, consulted at each <see cref="Project(ProjectionTask)"/>: what to prefetch after the
    /// call and what the caller reads next (<see cref="ExpectNext"/>, <see cref="ReadAfterNextCall"/>). Null: no hints.
    /// </summary>
    internal ReadAheadSchedule? Schedule { get; set; }

    /// <summary>The running path's name, e.g. "avx-vnni" (see <see cref="KernelSelector.NameOf"/>).</summary>
    public string KernelPath => Kernel.Name;

    /// <summary>acc_i = sum_j x_j * t_ij, exactly, for i &lt; w.Rows. x holds w.PaddedColumns values, zero past w.Columns.</summary>
    public void Gemv(TernaryMatrix w, ReadOnlySpan<sbyte> x, Span<int> acc) => Gemm(w, x, 1, acc);

    /// <summary>
    /// acc[t * w.Rows + i] = sum_j x[t * w.PaddedColumns + j] * t_ij for t &lt; tokens (token-major rows of
    /// activations in, token-major rows of accumulators out; each token keeps its own scale outside).
    /// </summary>
    public void Gemm(TernaryMatrix w, ReadOnlySpan<sbyte> x, int tokens, Span<int> acc)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.CheckCall(tokens, x.Length, nameof(x), acc.Length, nameof(acc), "accumulators");
        EnsureSums(tokens);
        fixed (sbyte* px = x)
        fixed (int* pacc = acc)
        fixed (int* sums = _xSums)
        {
            TernaryJob* jobs = JobsOf((JobSet*)_call);
            jobs[0] = Job(w, px, tokens, sums, pacc, null);
            Run(jobs, 1);
        }
    }

    /// <summary>One BitLinear: integer projection and division by its denominators, in one fork-join.</summary>
    public void Project(ProjectionTask a)
    {
        if (Threads > 1) Schedule?.Announce(a.Weights, this);
        EnsureSums(a.Tokens);
        fixed (sbyte* xa = a.Activations)
        fixed (float* da = a.Denominators, oa = a.Output)
        fixed (int* sums = _xSums)
        {
            TernaryJob* jobs = JobsOf((JobSet*)_call);
            jobs[0] = Job(a.Weights, xa, a.Tokens, sums, (int*)oa, da);
            Run(jobs, 1);
        }
    }

    /// <summary>
    /// Three BitLinears (a layer's i, f and g projections) in one fork-join: a decode step's three 1024 x 1024
    /// matrices are too small for one fork-join each to keep two cores streaming.
    /// </summary>
    public void Project(ProjectionTask a, ProjectionTask b, ProjectionTask c) => ProjectThree(a, b, c, byChannel: false, default);

    /// <summary>
    /// From this many threads a call with an epilogue is cut by channel. Below it the call streams its rows end to end and
    /// the calling thread runs the epilogue after the join: on the 16-core Xeon, cutting by channel (three streams per
    /// thread instead of one) cost 5-11% at 2 and 4 threads, and the elementwise work it spreads gained 2-11% from 8 on
    /// (docs/dev/performance-log.md).
    /// </summary>
    public const int ChannelCutThreads = 8;

    /// <summary>The thread count from which this projector cuts calls with an epilogue by channel (tests lower it).</summary>
    internal int ChannelCutFrom { get; set; } = ChannelCutThreads;

    /// <summary>
    /// A layer's i, f and g BitLinears in one fork-join, then <paramref name="epilogue"/> (the MLGRU gates) on their channels:
    /// from <see cref="ChannelCutThreads"/> threads cut by output channel (<see cref="ChannelRanges"/>), the thread that
    /// computes channels [first, end) of all three running the epilogue on them; below, on the calling thread after the join.
    /// </summary>
    public void Project(ProjectionTask a, ProjectionTask b, ProjectionTask c, ChannelEpilogue epilogue)
    {
        if (a.Weights.Rows != b.Weights.Rows || a.Weights.Rows != c.Weights.Rows)
            throw new ArgumentException($"A call cut by channel needs projections of equal rows: {a.Weights.Name} {a.Weights.Rows}, {b.Weights.Name} {b.Weights.Rows}, {c.Weights.Name} {c.Weights.Rows}.");
        if (Threads < ChannelCutFrom)
        {
            Project(a, b, c);
            if (!epilogue.IsNone) epilogue.Run(epilogue.State, 0, a.Weights.Rows);
            return;
        }
        ProjectThree(a, b, c, byChannel: true, epilogue);
    }

    /// <summary>Three projections as one call: rows laid end to end, or cut by channel with <paramref name="epilogue"/>.</summary>
    private void ProjectThree(ProjectionTask a, ProjectionTask b, ProjectionTask c, bool byChannel, ChannelEpilogue epilogue)
    {
        if (Threads > 1) Schedule?.Announce(a.Weights, this);
        EnsureSums(a.Tokens + b.Tokens + c.Tokens);
        fixed (sbyte* xa = a.Activations, xb = b.Activations, xc = c.Activations)
        fixed (float* da = a.Denominators, db = b.Denominators, dc = c.Denominators)
        fixed (float* oa = a.Output, ob = b.Output, oc = c.Output)
        fixed (int* sums = _xSums)
        {
            TernaryJob* jobs = JobsOf((JobSet*)_call);
            jobs[0] = Job(a.Weights, xa, a.Tokens, sums, (int*)oa, da);
            jobs[1] = Job(b.Weights, xb, b.Tokens, sums + a.Tokens, (int*)ob, db);
            jobs[2] = Job(c.Weights, xc, c.Tokens, sums + a.Tokens + b.Tokens, (int*)oc, dc);
            if (byChannel) RunByChannel(jobs, MaxTasks, a.Weights.Rows, 0, epilogue);
            else Run(jobs, MaxTasks);
        }
    }

    /// <summary>
    /// One BitLinear whose rows are two halves of the same channels (gate|up: rows [0, R/2) gate, [R/2, R) value), then
    /// <paramref name="epilogue"/> (SwiGLU) on the channels: from <see cref="ChannelCutThreads"/> threads cut by channel
    /// (<see cref="ChannelRanges"/>), on the threads that computed them; below, on the calling thread after the join.
    /// </summary>
    public void ProjectHalves(ProjectionTask a, ChannelEpilogue epilogue)
    {
        if (a.Weights.Rows % 2 != 0) throw new ArgumentException($"{a.Weights.Name}: {a.Weights.Rows} rows do not split into two halves.", nameof(a));
        if (Threads < ChannelCutFrom)
        {
            Project(a);
            if (!epilogue.IsNone) epilogue.Run(epilogue.State, 0, a.Weights.Rows / 2);
            return;
        }
        Schedule?.Announce(a.Weights, this);
        EnsureSums(a.Tokens);
        fixed (sbyte* xa = a.Activations)
        fixed (float* da = a.Denominators, oa = a.Output)
        fixed (int* sums = _xSums)
        {
            TernaryJob* jobs = JobsOf((JobSet*)_call);
            jobs[0] = Job(a.Weights, xa, a.Tokens, sums, (int*)oa, da);
            jobs[1] = jobs[0];
            RunByChannel(jobs, 2, a.Weights.Rows / 2, a.Weights.Rows / 2, epilogue);
        }
    }

    /// <summary>
    /// Names the matrices of the call that will follow the next one (one, or a layer's i, f and g together), so
    /// that once the next call's work is done, idle workers pull their shares of these toward their caches while
    /// the caller does its work in between. A hint: results never depend on it; it is used by the next call only.
    /// </summary>
    /// <param name="a">The next call's first matrix.</param>
    /// <param name="b">Its second, if any.</param>
    /// <param name="c">Its third, if any.</param>
    /// <param name="cut">How the next call spreads the matrices' rows over the threads, so each prefetches its own share.</param>
    public void ExpectNext(TernaryMatrix a, TernaryMatrix? b = null, TernaryMatrix? c = null, CallCut cut = CallCut.RowsEndToEnd)
    {
        ArgumentNullException.ThrowIfNull(a);
        (_nextA, _nextB, _nextC, _nextCut) = (a, b, c, cut);
    }

    /// <summary>
    /// Names an array the caller reads as soon as the next call returns (a norm gain, the recurrent state). The
    /// calling thread touches it after its own share of that call's rows, so the loads overlap the rest of the
    /// call instead of stalling the serial step after it (<see cref="CallerReadAhead"/>). A hint for the next call only.
    /// </summary>
    public void ReadAfterNextCall(float[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        _readAhead.Add(array);
    }

    /// <summary>Hints waiting for the next call: 1 for an announced next projection, plus one per read-ahead array.</summary>
    internal int PendingHints => (_nextA is null ? 0 : 1) + _readAhead.Count;

    /// <summary>Drops the hints given for a next call that will not run here (it went to an offload device).</summary>
    public void ForgetHints()
    {
        _nextA = _nextB = _nextC = null;
        _readAhead.Clear();
    }

    private void EnsureSums(int count)
    {
        if (_xSums.Length < count) _xSums = new int[Math.Max(count, 2 * _xSums.Length)];
    }

    /// <summary>A job over all rows of <paramref name="w"/>; fills <paramref name="sums"/> with each token's sum of activations.</summary>
    private TernaryJob Job(TernaryMatrix w, sbyte* x, int tokens, int* sums, int* acc, float* denominators)
    {
        for (int t = 0; t < tokens; t++)
            sums[t] = Kernel.SumActivations(x + (long)t * w.PaddedColumns, w.PaddedColumns);
        return new TernaryJob
        {
            Kernel = Kernel.GemmFor(w, tokens),
            Weights = Kernel.WeightsFor(w, tokens),
            RowBytes = w.RowBytes,
            Blocks = w.PaddedColumns / 256,
            Rows = w.Rows,
            X = x,
            XStride = w.PaddedColumns,
            Tokens = tokens,
            XSums = sums,
            Acc = acc,
            AccStride = w.Rows,
            Denominators = denominators,
        };
    }

    /// <summary>
    /// The rows of <see cref="Count"/> jobs laid end to end, cut into chunks of <see cref="ChunkRows"/>; each
    /// thread has a home range of chunks (<see cref="RangesOf"/>: first unclaimed and end chunk, packed in one long).
    /// Lives at the start of <see cref="_call"/>, with the jobs (<see cref="JobsOf"/>) and ranges after it.
    /// </summary>
    private struct JobSet
    {
        public int Count;
        /// <summary>Rows laid end to end; in a call cut by channel, the channels.</summary>
        public int Rows;
        public int ChunkRows;
        public int Homes;
        /// <summary>0: the jobs' rows laid end to end. Otherwise a call cut by channel: range [first, end) is rows
        /// [first, end) of each job, the second job's shifted by this many rows (the value half of gate|up; 0 for i, f, g).</summary>
        public int ByChannel;
        public int SecondJobRowOffset;
        /// <summary>The call's <see cref="ChannelEpilogue"/>, or null.</summary>
        public delegate*<void*, int, int, void> Epilogue;
        public void* EpilogueState;
        /// <summary>This call's <see cref="ProjectionObserver"/> record, or null when the call is not observed.</summary>
        public void* Record;
        /// <summary>The observer's share callbacks (<see cref="Observer"/> sets them); read only when <see cref="Record"/> is not null.</summary>
        public delegate*<void*, int, void> HomeStarted;
        /// <summary>See <see cref="HomeStarted"/>.</summary>
        public delegate*<void*, int, void> HomeFinished;
    }

    /// <summary>Where the jobs follow the set in <see cref="_call"/>: one 128-byte pair of lines for the set.</summary>
    private const int JobsOffset = 128;

    /// <summary>Where the home ranges follow the jobs in <see cref="_call"/>.</summary>
    private static int RangesOffset => JobsOffset + ((MaxTasks * sizeof(TernaryJob) + 127) & ~127);

    private static TernaryJob* JobsOf(JobSet* set) => (TernaryJob*)((byte*)set + JobsOffset);

    private static long* RangesOf(JobSet* set) => (long*)((byte*)set + RangesOffset);

    /// <summary>
    /// At most this many weight bytes per claimed chunk: long enough for the prefetchers and few enough claims, short
    /// enough to balance the threads. Each claim is a locked compare-exchange, and once a thread steals from
    /// another's share their range line moves between the cores on every claim. 32 KB won most alternated pairs
    /// against 8, 16, 128 and 256 KB on 2 threads (docs/dev/performance-log.md).
    /// </summary>
    private const int ChunkBytes = 32 * 1024;

    /// <summary>The fewest bytes per chunk, however short the call and many the threads.</summary>
    private const int MinChunkBytes = 8 * 1024;

    /// <summary>
    /// Chunks per thread a call should give at least. With fewer, whole chunks decide when the last thread is done: a
    /// 370M down projection (743 KB) in 32 KB chunks is 22 chunks, so at 16 threads six threads run two and the rest
    /// wait for them; an o projection (270 KB) is 9 chunks and keeps only 9 of 16 threads busy.
    /// </summary>
    private const int ChunksPerThread = 4;

    /// <summary>
    /// Weight bytes per chunk of a call of <paramref name="callBytes"/> on <paramref name="threads"/> threads:
    /// <see cref="ChunkBytes"/>, or less where that would give a thread fewer than <see cref="ChunksPerThread"/> chunks,
    /// down to <see cref="MinChunkBytes"/>. Chunks split rows, never a row, so results do not depend on it.
    /// </summary>
    internal static int ChunkBytesFor(long callBytes, int threads) =>
        (int)Math.Clamp(callBytes / ((long)Math.Max(threads, 1) * ChunksPerThread), MinChunkBytes, ChunkBytes);

    private void Run(TernaryJob* jobs, int count)
    {
        int rows = 0;
        for (int j = 0; j < count; j++) rows += jobs[j].Rows;
        JobSet* set = (JobSet*)_call;
        // Field by field, so the observer's callbacks stay as Observer wrote them.
        set->Count = count;
        set->Rows = set->ChunkRows = rows;
        set->Homes = 1;
        set->Record = null;
        set->ByChannel = 0;
        set->Epilogue = null;
        if (Threads == 1)
        {
            ForgetHints(); // one thread: nothing to overlap the prefetches and loads with
            void* record = _observer is null ? null : _observer.Begin(rows, WeightBytes(jobs, count), 1);
            if (record != null) set->HomeStarted(record, 0);
            RunRows(set, 0, rows);
            if (record != null)
            {
                set->HomeFinished(record, 0);
                _observer!.End(record);
            }
            return;
        }
        set->ChunkRows = ChunkRows(rows, jobs[0].RowBytes, Threads);
        int chunks = (rows + set->ChunkRows - 1) / set->ChunkRows;
        set->Homes = Homes(chunks, Threads);
        Fork(set, chunks, WeightBytes(jobs, count));
    }

    /// <summary>
    /// A call cut by channel: <paramref name="channels"/> rows of each job (the second one's shifted by
    /// <paramref name="secondJobRowOffset"/>), in <see cref="ChannelRanges"/> ranges, each followed by the epilogue.
    /// </summary>
    private void RunByChannel(TernaryJob* jobs, int count, int channels, int secondJobRowOffset, ChannelEpilogue epilogue)
    {
        int bytesPerChannel = 0;
        for (int j = 0; j < count; j++) bytesPerChannel += jobs[j].RowBytes;
        JobSet* set = (JobSet*)_call;
        set->Count = count;
        set->Rows = channels;
        set->ChunkRows = ChannelWidth(channels, bytesPerChannel, Threads);
        set->Homes = 1;
        set->Record = null;
        set->ByChannel = 1;
        set->SecondJobRowOffset = secondJobRowOffset;
        set->Epilogue = epilogue.Run;
        set->EpilogueState = epilogue.State;
        int chunks = ChannelRanges.Count(channels, set->ChunkRows);
        set->Homes = Homes(chunks, Threads);
        Fork(set, chunks, (long)channels * bytesPerChannel);
    }

    /// <summary>Hands the set's chunks to the pool in home ranges, with the idle work and read-ahead of the next call.</summary>
    private void Fork(JobSet* set, int chunks, long weightBytes)
    {
        WorkStealingRanges.Reset(RangesOf(set), chunks, set->Homes);
        delegate*<void*, int, WorkerPool.IdleSignal, void> idle = null;
        if (_nextA is not null && ProjectionLookahead.IsSupported)
        {
            _lookahead->Set(Threads, _nextA, _nextB, _nextC, Threads < ChannelCutFrom ? CallCut.RowsEndToEnd : _nextCut);
            idle = &ProjectionLookahead.Prefetch;
        }
        set->Record = _observer is null ? null : _observer.Begin(set->Rows * (set->ByChannel != 0 ? set->Count : 1), weightBytes, set->Homes);
        t_callerReadAhead = _readAhead.Count > 0 ? _readAhead : null;
        try
        {
            _pool.For(&RunHome, set, set->Homes, idle, _lookahead);
        }
        finally
        {
            t_callerReadAhead = null;
            ForgetHints();
            if (set->Record != null) _observer!.End(set->Record);
        }
    }

    private static long WeightBytes(TernaryJob* jobs, int count)
    {
        long bytes = 0;
        for (int j = 0; j < count; j++) bytes += (long)jobs[j].Rows * jobs[j].RowBytes;
        return bytes;
    }

    /// <summary>Threads a call of <paramref name="chunks"/> chunks is spread over: one home range each, at most one per thread.</summary>
    internal static int Homes(int chunks, int threads) => Math.Min(threads, chunks);

    /// <summary>
    /// Rows per claimed chunk of <paramref name="rows"/> rows laid end to end (the first matrix's <paramref name="rowBytes"/>
    /// long): about <see cref="ChunkBytesFor"/>, in whole 4-row groups (the prefill kernels' unroll).
    /// </summary>
    private static int ChunkRows(int rows, int rowBytes, int threads) =>
        Math.Max(4, (ChunkBytesFor((long)rows * rowBytes, threads) / rowBytes + 3) & ~3);

    /// <summary>Channels per range of a call cut by channel (<see cref="ChannelRanges"/>), chunk-sized as <see cref="ChunkBytesFor"/>.</summary>
    internal static int ChannelWidth(int channels, int bytesPerChannel, int threads) =>
        ChannelRanges.Width(bytesPerChannel, ChunkBytesFor((long)channels * bytesPerChannel, threads));

    /// <summary>
    /// Rows [start, end) of thread <paramref name="home"/>'s home range when <see cref="Run"/> spreads
    /// <paramref name="rows"/> rows (the first matrix's rows <paramref name="rowBytes"/> long) over
    /// <paramref name="threads"/> threads; empty when that thread gets none.
    /// </summary>
    internal static void HomeShare(int rows, int rowBytes, int threads, int home, out int start, out int end)
    {
        int chunkRows = ChunkRows(rows, rowBytes, threads);
        int chunks = (rows + chunkRows - 1) / chunkRows;
        int homes = Homes(chunks, threads);
        start = end = 0;
        if (home >= homes) return;
        start = WorkStealingRanges.FirstChunk(chunks, homes, home) * chunkRows;
        end = Math.Min(WorkStealingRanges.FirstChunk(chunks, homes, home + 1) * chunkRows, rows);
    }

    /// <summary>
    /// Channels [start, end) of thread <paramref name="home"/>'s home range when a call cut by channel spreads
    /// <paramref name="channels"/> channels of <paramref name="bytesPerChannel"/> weight bytes over <paramref name="threads"/> threads.
    /// </summary>
    internal static void ChannelShare(int channels, int bytesPerChannel, int threads, int home, out int start, out int end)
    {
        int width = ChannelWidth(channels, bytesPerChannel, threads);
        int chunks = ChannelRanges.Count(channels, width);
        int homes = Homes(chunks, threads);
        start = end = 0;
        if (home >= homes) return;
        start = WorkStealingRanges.FirstChunk(chunks, homes, home) * width;
        end = ChannelRanges.End(WorkStealingRanges.FirstChunk(chunks, homes, home + 1) - 1, width, channels);
    }

    /// <summary>
    /// Work for the thread that claimed home range <paramref name="home"/>: its chunks front to back (one
    /// contiguous stream), then the other ranges' chunks from their back ends, so a slow or descheduled thread's
    /// unstarted work is taken over chunk by chunk while it streams its own from the front. In between, the calling
    /// thread touches what it reads after the call (<see cref="ReadAfterNextCall"/>).
    /// </summary>
    private static void RunHome(void* state, int home, int count)
    {
        JobSet* set = (JobSet*)state;
        long* ranges = RangesOf(set);
        void* record = set->Record;
        if (record != null) set->HomeStarted(record, home);
        for (int chunk; (chunk = WorkStealingRanges.ClaimOwn(ranges, home)) >= 0;)
            RunChunk(set, chunk);
        if (record != null) set->HomeFinished(record, home);
        t_callerReadAhead?.Touch();
        for (int chunk; (chunk = WorkStealingRanges.Steal(ranges, home, set->Homes)) >= 0;)
            RunChunk(set, chunk);
    }

    private static void RunChunk(JobSet* set, int chunk)
    {
        int start = chunk * set->ChunkRows;
        int end = set->ByChannel != 0 ? ChannelRanges.End(chunk, set->ChunkRows, set->Rows) : Math.Min(start + set->ChunkRows, set->Rows);
        RunRows(set, start, end);
    }

    /// <summary>Rows [start, end) of the jobs laid end to end; in a call cut by channel, channels [start, end) of every job, then the epilogue.</summary>
    private static void RunRows(JobSet* set, int start, int end)
    {
        TernaryJob* jobs = JobsOf(set);
        if (set->ByChannel != 0)
        {
            for (int j = 0; j < set->Count; j++)
            {
                TernaryJob* job = jobs + j;
                int shift = j == 1 ? set->SecondJobRowOffset : 0;
                job->Kernel(job, start + shift, end + shift);
                if (job->Denominators != null) Dequantize(job, start + shift, end + shift);
            }
            if (set->Epilogue != null) set->Epilogue(set->EpilogueState, start, end);
            return;
        }
        for (int j = 0, first = 0; j < set->Count && first < end; first += jobs[j].Rows, j++)
        {
            TernaryJob* job = jobs + j;
            int from = Math.Max(start - first, 0), to = Math.Min(end - first, job->Rows);
            if (from >= to) continue;
            job->Kernel(job, from, to);
            if (job->Denominators != null) Dequantize(job, from, to);
        }
    }

    /// <summary>acc / denominator in place for rows [from, to) of every token.</summary>
    private static void Dequantize(TernaryJob* job, int from, int to)
    {
        for (int t = 0; t < job->Tokens; t++)
        {
            int* acc = job->Acc + (long)t * job->AccStride + from;
            Rescale(acc, job->Denominators[t], (float*)acc, to - from);
        }
    }

    /// <summary>
    /// output_i = acc_i / denominator (docs/model-spec.md "BitLinear" step 4): the same IEEE conversion and division as
    /// the scalar oracle, eight or four at a time. For sums that came from elsewhere (an offload device).
    /// </summary>
    public static void Rescale(ReadOnlySpan<int> acc, float denominator, Span<float> output)
    {
        if (output.Length < acc.Length) throw new ArgumentException($"{acc.Length} sums need as many outputs, got {output.Length}.", nameof(output));
        fixed (int* a = acc)
        fixed (float* o = output)
            Rescale(a, denominator, o, acc.Length);
    }

    /// <summary><paramref name="output"/> may be <paramref name="acc"/> itself (rescaled in place).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rescale(int* acc, float denominator, float* output, int count)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> d = Vector256.Create(denominator);
            for (; i + 8 <= count; i += 8)
                Vector256.Store(Vector256.ConvertToSingle(Vector256.Load(acc + i)) / d, output + i);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> d = Vector128.Create(denominator);
            for (; i + 4 <= count; i += 4)
                Vector128.Store(Vector128.ConvertToSingle(Vector128.Load(acc + i)) / d, output + i);
        }
        for (; i < count; i++) output[i] = acc[i] / denominator;
    }

    /// <summary>Stops the worker threads and frees the call buffers.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _pool.Dispose();    // joins the workers: none is reading the lookahead after this
        NativeMemory.AlignedFree(_call);
        NativeMemory.AlignedFree(_lookahead);
    }
}
