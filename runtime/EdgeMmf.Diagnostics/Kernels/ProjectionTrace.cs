using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using EdgeMmf.Diagnostics.Threading;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Diagnostics.Kernels;

/// <summary>
/// A timeline of <see cref="TernaryProjector"/> fork-joins, for diagnosis (<c>edgemmf bench --trace-calls FILE</c>):
/// for every call, when the caller entered it and when it returned, and for every thread's home share when it
/// began and when that share's own chunks ran out, on which CPU, and whether the caller ran it itself because
/// its worker never came. It shows what a tokens/s figure cannot: a hand-off that takes a microsecond, one share
/// streaming slower than the other, a worker that lost its core for milliseconds (e.g. the JIT's
/// background thread recompiling hot methods, see the CLI project's <c>TieredPGO</c>).
/// <para>
/// Records live in native memory allocated up front, one 64-byte line per thread per call, so tracing allocates
/// nothing and no two threads write one line. When the capacity is used up, further calls go unrecorded and are
/// counted in <see cref="Dropped"/>. Attach with <see cref="TernaryProjector.Observer"/> (the runtime's hook,
/// <see cref="ProjectionObserver"/>); one projector at a time.
/// </para>
/// </summary>
public sealed unsafe class ProjectionTrace : ProjectionObserver, IDisposable
{
    /// <summary>
    /// Longs per line. Line 0 (the caller's): call start, end, weight bytes, rows | homes &lt;&lt; 32, home 0's start,
    /// its end, its CPU, the caller's thread id. Line h: home h's start, end, CPU, 1 if the caller ran it.
    /// </summary>
    private const int LineLongs = 8;

    private readonly long* _records;
    private readonly long _origin;
    private int _count;
    private bool _disposed;

    /// <param name="capacity">Calls to record.</param>
    /// <param name="threads">The projector's threads (one home share each at most).</param>
    public ProjectionTrace(int capacity, int threads) : base(threads, &HomeStarted, &HomeFinished)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        nuint bytes = (nuint)capacity * (nuint)threads * LineLongs * sizeof(long);
        _records = (long*)NativeMemory.AlignedAlloc(bytes, 64);
        NativeMemory.Clear(_records, bytes); // touches every page now, so recording takes no page fault mid-call
        _origin = Stopwatch.GetTimestamp();
    }

    /// <summary>The most calls recorded.</summary>
    public int Capacity { get; }

    /// <summary>Calls recorded.</summary>
    public int Count => _count;

    /// <summary>Calls made after the capacity was used up.</summary>
    public long Dropped { get; private set; }

    /// <summary>Line 0 of the next call's record (the caller's), or null when full.</summary>
    protected override void* Begin(int rows, long weightBytes, int homes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_count == Capacity)
        {
            Dropped++;
            return null;
        }
        long* record = Line(_count, 0);
        NativeMemory.Clear(record, (nuint)(Threads * LineLongs * sizeof(long)));
        record[2] = weightBytes;
        record[3] = (uint)rows | (long)homes << 32;
        record[7] = Environment.CurrentManagedThreadId;
        record[0] = Stopwatch.GetTimestamp();
        return record;
    }

    /// <summary>The call whose record is <paramref name="record"/> has returned.</summary>
    protected override void End(void* record)
    {
        ((long*)record)[1] = Stopwatch.GetTimestamp();
        _count++;
    }

    /// <summary>Called by whichever thread runs home share <paramref name="home"/>, as it starts its own chunks.</summary>
    private static void HomeStarted(void* call, int home)
    {
        long* record = (long*)call;
        long* line = record + home * LineLongs;
        long now = Stopwatch.GetTimestamp();
        if (home == 0)
        {
            line[4] = now;
            line[6] = CurrentCpu();
        }
        else
        {
            line[0] = now;
            line[2] = CurrentCpu();
            line[3] = Environment.CurrentManagedThreadId == record[7] ? 1 : 0;
        }
    }

    /// <summary>The thread running home share <paramref name="home"/> found no chunk of it left.</summary>
    private static void HomeFinished(void* call, int home)
    {
        long* record = (long*)call;
        long now = Stopwatch.GetTimestamp();
        if (home == 0) record[5] = now;
        else record[home * LineLongs + 1] = now;
    }

    private long* Line(int call, int home) => _records + ((long)call * Threads + home) * LineLongs;

    /// <summary>One call as recorded; times in microseconds from the call's start.</summary>
    public readonly record struct Call(double StartMicroseconds, double DurationMicroseconds, long WeightBytes, int Rows, int Homes, HomeShare[] Shares);

    /// <summary>A home share: when it began and ran out of its own chunks (from the call's start), where, and by whom.</summary>
    public readonly record struct HomeShare(double StartMicroseconds, double EndMicroseconds, int Cpu, bool RunByCaller);

    /// <summary>Recorded call <paramref name="index"/> (allocates: for reports, not the token loop).</summary>
    public Call this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            long* r = Line(index, 0);
            double us = 1e6 / Stopwatch.Frequency;
            int homes = (int)(r[3] >> 32);
            var shares = new HomeShare[homes];
            shares[0] = new HomeShare((r[4] - r[0]) * us, (r[5] - r[0]) * us, (int)r[6], true);
            for (int h = 1; h < homes; h++)
            {
                long* line = Line(index, h);
                shares[h] = new HomeShare((line[0] - r[0]) * us, (line[1] - r[0]) * us, (int)line[2], line[3] == 1);
            }
            return new Call((r[0] - _origin) * us, (r[1] - r[0]) * us, r[2], (int)r[3], homes, shares);
        }
    }

    /// <summary>Medians over the recorded calls that had more than one home share.</summary>
    public readonly record struct Summary(int Calls, double CallMicroseconds, double WorkerStartMicroseconds, double JoinMicroseconds, double CallsWithoutWorkerFraction);

    /// <summary>
    /// Medians of the call time, of when the first worker began its share, and of the join (return after the
    /// last share ran out), over calls split between threads; and how many of those ran a share on the caller
    /// because its worker had not come.
    /// </summary>
    public Summary Summarize()
    {
        var calls = new List<double>();
        var starts = new List<double>();
        var joins = new List<double>();
        int withoutWorker = 0;
        for (int i = 0; i < _count; i++)
        {
            Call call = this[i];
            if (call.Homes < 2) continue;
            calls.Add(call.DurationMicroseconds);
            double lastEnd = call.Shares[0].EndMicroseconds, firstWorker = double.MaxValue;
            bool absent = false;
            for (int h = 1; h < call.Homes; h++)
            {
                HomeShare share = call.Shares[h];
                lastEnd = Math.Max(lastEnd, share.EndMicroseconds);
                if (share.RunByCaller) absent = true;
                else firstWorker = Math.Min(firstWorker, share.StartMicroseconds);
            }
            if (firstWorker != double.MaxValue) starts.Add(firstWorker);
            joins.Add(call.DurationMicroseconds - lastEnd);
            if (absent) withoutWorker++;
        }
        return new Summary(calls.Count, Median(calls), Median(starts), Median(joins), calls.Count > 0 ? withoutWorker / (double)calls.Count : 0);
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return 0;
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>
    /// One line per call: its start (us since the trace began), duration, rows and weight bytes, then for each
    /// home share its start and end (us from the call's start), CPU (-1 where unknown) and whether the caller
    /// ran it (home 0 always).
    /// </summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        writer.Write("call,start_us,duration_us,rows,weight_bytes,homes");
        for (int h = 0; h < Threads; h++) writer.Write(string.Format(c, ",home{0}_start_us,home{0}_end_us,home{0}_cpu,home{0}_by_caller", h));
        writer.WriteLine();
        for (int i = 0; i < _count; i++)
        {
            Call call = this[i];
            writer.Write(string.Format(c, "{0},{1:F3},{2:F3},{3},{4},{5}", i, call.StartMicroseconds, call.DurationMicroseconds, call.Rows, call.WeightBytes, call.Homes));
            for (int h = 0; h < Threads; h++)
            {
                if (h < call.Homes)
                {
                    HomeShare s = call.Shares[h];
                    writer.Write(string.Format(c, ",{0:F3},{1:F3},{2},{3}", s.StartMicroseconds, s.EndMicroseconds, s.Cpu, s.RunByCaller ? 1 : 0));
                }
                else writer.Write(",,,,");
            }
            writer.WriteLine();
        }
    }

    private static int CurrentCpu() => OperatingSystem.IsLinux() ? LinuxCpu.Current() : -1;

    /// <summary>Frees the records.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        NativeMemory.AlignedFree(_records);
    }
}
