using System.Runtime.Intrinsics.X86;
using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// The projection call that comes after the running one (<see cref="TernaryProjector.ExpectNext"/>): its
/// matrices, whose rows <see cref="TernaryProjector"/> lays end to end and cuts into one home share per thread.
/// A decode step is projections separated by elementwise work on the caller (norms, quantization, the MLGRU
/// gates); while the caller does that work the workers are idle and so is the memory bus. An idle worker runs
/// <see cref="Prefetch"/>: it pulls the start of its own share of the next call into its cache, so that call
/// begins with part of its weights already read, and it stops the moment the call arrives.
/// x86 only: the prefetch instruction never faults, so a stale or torn lookahead costs nothing but bandwidth.
/// (.NET exposes no ARM prefetch, and plain loads could fault if a model were unmapped mid-lookahead.)
/// </summary>
internal unsafe struct ProjectionLookahead
{
    public const int MaxMatrices = 3;

    /// <summary>
    /// At most this much of a share is pulled ahead: half of a typical core's L2; larger budgets gained under 1%
    /// (docs/dev/performance-log.md).
    /// </summary>
    public const int MaxBytes = 512 * 1024;

    private const int LineBytes = 64;
    /// <summary>Lines between checks for the next call (1 KB: well under a microsecond of streaming).</summary>
    private const int LinesPerCheck = 16;

    private fixed long _weights[MaxMatrices];
    private fixed int _rows[MaxMatrices];
    private fixed int _rowBytes[MaxMatrices];
    private int _count;
    private int _threads;
    private CallCut _cut;

    public static bool IsSupported => Sse.IsSupported;

    /// <summary>Announces up to three matrices (none: nothing to prefetch) for a projector of <paramref name="threads"/> threads.</summary>
    public void Set(int threads, TernaryMatrix? a, TernaryMatrix? b, TernaryMatrix? c, CallCut cut = CallCut.RowsEndToEnd)
    {
        _threads = threads;
        _cut = cut;
        _count = 0;
        Add(a);
        Add(b);
        Add(c);
    }

    private void Add(TernaryMatrix? m)
    {
        if (m is null) return;
        // Where a matrix has lookup tiles, decode reads those (tiles of 16 rows, 2 bits per weight).
        _weights[_count] = (long)(m.LookupTiles != null ? m.LookupTiles : m.Packed);
        _rows[_count] = m.Rows;
        _rowBytes[_count] = m.LookupTiles != null ? m.PaddedColumns / 4 : m.RowBytes;
        _count++;
    }

    /// <summary>
    /// The bytes worker <paramref name="worker"/> pulls ahead: the front of its home share of the announced call,
    /// as up to <see cref="MaxMatrices"/> spans (one per matrix it touches), <see cref="MaxBytes"/> in all.
    /// </summary>
    /// <returns>How many spans were written to <paramref name="starts"/> and <paramref name="lengths"/>.</returns>
    public readonly int ShareSpans(int worker, byte** starts, long* lengths)
    {
        if (_count == 0) return 0;
        if (_cut != CallCut.RowsEndToEnd) return ChannelShareSpans(worker, starts, lengths);
        int rows = 0;
        for (int k = 0; k < _count; k++) rows += _rows[k];
        if (rows == 0) return 0;
        TernaryProjector.HomeShare(rows, _rowBytes[0], _threads, worker, out int start, out int end);
        long budget = MaxBytes;
        int spans = 0;
        for (int k = 0, first = 0; k < _count && first < end && budget > 0; first += _rows[k], k++)
        {
            int from = Math.Max(start - first, 0), to = Math.Min(end - first, _rows[k]);
            if (from >= to) continue;
            starts[spans] = (byte*)_weights[k] + (long)from * _rowBytes[k];
            lengths[spans] = Math.Min((long)(to - from) * _rowBytes[k], budget);
            budget -= lengths[spans++];
        }
        return spans;
    }

    /// <summary>A call cut by channel: the worker's channels of every matrix (of both halves of one matrix).</summary>
    private readonly int ChannelShareSpans(int worker, byte** starts, long* lengths)
    {
        bool halves = _cut == CallCut.Halves;
        int parts = halves ? 2 : _count;
        int channels = halves ? _rows[0] / 2 : _rows[0];
        int bytesPerChannel = 0;
        for (int k = 0; k < parts; k++) bytesPerChannel += _rowBytes[halves ? 0 : k];
        TernaryProjector.ChannelShare(channels, bytesPerChannel, _threads, worker, out int start, out int end);
        if (start >= end) return 0;
        long budget = MaxBytes;
        int spans = 0;
        for (int k = 0; k < parts && budget > 0; k++)
        {
            int matrix = halves ? 0 : k;
            int first = start + (halves ? k * channels : 0);
            starts[spans] = (byte*)_weights[matrix] + (long)first * _rowBytes[matrix];
            lengths[spans] = Math.Min((long)(end - start) * _rowBytes[matrix], budget);
            budget -= lengths[spans++];
        }
        return spans;
    }

    /// <summary>Idle work for <see cref="WorkerPool"/>: worker <paramref name="worker"/> prefetches the front of its share of the announced call.</summary>
    public static void Prefetch(void* state, int worker, WorkerPool.IdleSignal signal)
    {
        if (!IsSupported) return;
        ProjectionLookahead copy = *(ProjectionLookahead*)state; // the caller may announce the next call meanwhile
        byte** starts = stackalloc byte*[MaxMatrices];
        long* lengths = stackalloc long[MaxMatrices];
        int spans = copy.ShareSpans(worker, starts, lengths);
        for (int k = 0; k < spans; k++)
        {
            for (long offset = 0; offset < lengths[k]; offset += LineBytes * LinesPerCheck)
            {
                if (signal.WorkArrived) return;
                // May run up to a kilobyte past the span: a prefetch is a hint and never faults.
                for (int line = 0; line < LinesPerCheck * LineBytes; line += LineBytes) Sse.Prefetch0(starts[k] + offset + line);
            }
        }
    }
}
