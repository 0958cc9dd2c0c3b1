using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace EdgeMmf.Runtime.Threading;

/// <summary>
/// A persistent fork-join pool for the token loop: <see cref="Run"/> hands the same static work function
/// to every thread (index 0 is the caller) and returns when all have finished. No Task, no delegate,
/// no allocation and no lock per call: the caller publishes the work and bumps a generation counter
/// (one interlocked write), workers spin on it, and each worker signals completion by writing the
/// generation it finished into its own cache line.
/// A worker that sees no work for <see cref="SpinMicroseconds"/> parks on a semaphore so an idle model
/// does not burn a core (it matters when measuring joules per token); the next call wakes it, which
/// costs one futex wake-up only after an idle pause, never inside a busy token loop.
/// </summary>
public sealed unsafe class WorkerPool : IDisposable
{
    /// <summary>Ints between per-worker flags: 128 bytes, two cache lines (adjacent-line prefetch).</summary>
    private const int Stride = 32;

    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _completed;   // [worker * Stride]: last generation the worker finished
    private readonly int[] _parked;      // [worker * Stride]: 1 while the worker sleeps on _wake
    private readonly long _spinTicks;
    private delegate*<void*, int, int, void> _work;
    private void* _state;
    private int _generation;
    private volatile bool _disposed;
    private Exception? _failure;

    /// <param name="threads">Threads taking part, the caller included (1 = run on the caller only).</param>
    /// <param name="spinMicroseconds">How long an idle worker spins before it parks.</param>
    public WorkerPool(int threads, int spinMicroseconds = 2000)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "a pool needs at least the calling thread");
        Threads = threads;
        SpinMicroseconds = spinMicroseconds;
        _spinTicks = spinMicroseconds * Stopwatch.Frequency / 1_000_000;
        _completed = new int[threads * Stride];
        _parked = new int[threads * Stride];
        _wake = new SemaphoreSlim[threads];
        _threads = new Thread[threads];
        for (int i = 1; i < threads; i++)
        {
            _wake[i] = new SemaphoreSlim(0);
            int index = i;
            _threads[i] = new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = $"edgemmf-worker-{i}" };
            _threads[i].Start();
        }
    }

    public int Threads { get; }

    public int SpinMicroseconds { get; }

    /// <summary>
    /// Calls <paramref name="work"/>(state, index, Threads) once on every thread, index 0 on the caller, and
    /// returns when all calls have returned. <paramref name="state"/> must stay valid until then (a pointer
    /// to the caller's stack is fine). Not re-entrant: one caller thread at a time.
    /// </summary>
    public void Run(delegate*<void*, int, int, void> work, void* state)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Threads == 1)
        {
            work(state, 0, 1);
            return;
        }
        _work = work;
        _state = state;
        int generation = _generation + 1;
        // Full fence: workers that read the new generation see _work and _state; and (Dekker with the
        // worker's Exchange on _parked) either we see it parked or it sees the new generation.
        Interlocked.Exchange(ref _generation, generation);
        for (int i = 1; i < Threads; i++)
            if (Volatile.Read(ref _parked[i * Stride]) == 1 && Interlocked.CompareExchange(ref _parked[i * Stride], 0, 1) == 1)
                _wake[i].Release();

        work(state, 0, Threads);

        for (int i = 1; i < Threads; i++)
        {
            ref int done = ref _completed[i * Stride];
            for (int spin = 1; Volatile.Read(ref done) != generation; spin++)
            {
                // More threads than free cores: let the one we wait for run.
                if ((spin & 255) == 0) Thread.Yield();
                else Thread.SpinWait(4);
            }
        }
        if (_failure is { } failure)
        {
            _failure = null;
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private void WorkerLoop(int index)
    {
        int seen = 0;
        while (true)
        {
            seen = WaitForGeneration(index, seen);
            if (_disposed) return;
            try
            {
                _work(_state, index, Threads);
            }
            catch (Exception e)
            {
                _failure = e;
            }
            Volatile.Write(ref _completed[index * Stride], seen);
        }
    }

    private int WaitForGeneration(int index, int seen)
    {
        long parkAt = Stopwatch.GetTimestamp() + _spinTicks;
        while (true)
        {
            for (int spin = 0; spin < 64; spin++)
            {
                int generation = Volatile.Read(ref _generation);
                if (generation != seen) return generation;
                Thread.SpinWait(4);
            }
            Thread.Yield(); // every 64 polls: give the core away if someone else needs it
            if (Stopwatch.GetTimestamp() < parkAt) continue;

            ref int parked = ref _parked[index * Stride];
            Interlocked.Exchange(ref parked, 1);
            if (Volatile.Read(ref _generation) != seen && Interlocked.CompareExchange(ref parked, 0, 1) == 1)
                continue; // work arrived before anyone saw us parked: take it without sleeping
            _wake[index].Wait(); // released exactly once by whoever cleared our flag
            parkAt = Stopwatch.GetTimestamp() + _spinTicks;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Interlocked.Increment(ref _generation);
        for (int i = 1; i < Threads; i++)
            if (Interlocked.CompareExchange(ref _parked[i * Stride], 0, 1) == 1)
                _wake[i].Release();
        for (int i = 1; i < Threads; i++)
        {
            _threads[i].Join();
            _wake[i].Dispose();
        }
    }
}
