using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace EdgeMmf.Runtime.Threading;

/// <summary>
/// A persistent parallel-for for the token loop: <c>For</c> runs body(state, i, count) once for every
/// i in [0, count) on the calling thread and the workers, and returns when all have run. No Task, no
/// delegate, no allocation and no lock per call.
/// <para>
/// Work is handed out by one 64-bit counter, [generation:16 | count:16 | next index:32]: a thread claims a
/// piece with one interlocked increment, and the value it gets back says which call the piece belongs to
/// and whether it exists, so a worker that wakes late can never run a stale piece. The caller claims pieces
/// too and only waits for pieces actually taken: if a worker is descheduled (a busy machine, more threads
/// than cores) the caller simply does the work itself instead of stalling on it.
/// </para><para>
/// Idle workers spin on a generation counter for <see cref="SpinMicroseconds"/>, then park on a semaphore so
/// an idle model does not burn a core (it matters when measuring joules per token); waking a parked worker
/// costs a futex wake-up, which happens only after an idle pause, never inside a busy token loop.
/// </para><para>
/// A call may also leave idle work (the <c>For</c> overload with <c>idle</c>):
/// each worker runs it once it finds no piece left, while the caller goes on alone, and it stops as soon as
/// the next call arrives. The token loop uses this to pull the next projection's weights toward the caches
/// during the caller's elementwise work, when the memory bus would otherwise sit idle.
/// </para>
/// </summary>
public sealed unsafe class WorkerPool : IDisposable
{
    /// <summary>Ints between per-worker flags: 128 bytes, two cache lines (adjacent-line prefetch).</summary>
    private const int Stride = 32;
    private const int MaxPieces = ushort.MaxValue;

    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _parked;      // [worker * Stride]: 1 while the worker sleeps on _wake
    private readonly long[] _next;       // [Stride / 2]: the claim counter, alone on its cache lines
    private readonly int[] _done;        // [(generation & 1) * Stride]: pieces finished in that call
    private readonly nint[] _work;       // [generation & 1]: body of that call
    private readonly nint[] _state;      // [generation & 1]: state of that call
    private readonly nint[] _idle;       // [generation & 1]: idle work left by that call, or 0
    private readonly nint[] _idleState;  // [generation & 1]: its state
    private readonly long _spinTicks;
    private int _generation;             // 16-bit, bumped by the caller only
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
        _parked = new int[threads * Stride];
        _next = new long[Stride / 2 * 3];
        _done = new int[2 * Stride + Stride];
        _work = new nint[2];
        _state = new nint[2];
        _idle = new nint[2];
        _idleState = new nint[2];
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

    /// <summary>Threads a body is spread over: the caller and Threads - 1 workers.</summary>
    public int Threads { get; }

    /// <summary>How long an idle worker spins for the next call before it sleeps.</summary>
    public int SpinMicroseconds { get; }

    private ref long Next => ref _next[Stride / 2];

    /// <summary>
    /// Calls <paramref name="body"/>(state, i, count) once for each i in [0, count), spread over the threads,
    /// and returns when all calls have returned. <paramref name="state"/> must stay valid until then (a pointer
    /// to the caller's stack is fine). Not re-entrant: one caller thread at a time.
    /// </summary>
    public void For(delegate*<void*, int, int, void> body, void* state, int count) => For(body, state, count, null, null);

    /// <summary>
    /// The plain <c>For</c>, then each worker that finds no piece left
    /// runs <paramref name="idle"/>(idleState, worker, signal) while the caller returns and goes on; it should
    /// poll <see cref="IdleSignal.WorkArrived"/> often and return once it is true. It must not throw or write
    /// anything the caller reads, and <paramref name="idleState"/> must stay valid for the pool's lifetime (it
    /// may run after this call has returned). Idle work is a hint: a worker may skip it or cut it short.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void For(delegate*<void*, int, int, void> body, void* state, int count, delegate*<void*, int, IdleSignal, void> idle, void* idleState)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (count < 0 || count > MaxPieces) throw new ArgumentOutOfRangeException(nameof(count), count, $"between 0 and {MaxPieces} pieces");
        if (Threads == 1 || count <= 1)
        {
            for (int i = 0; i < count; i++) body(state, i, count);
            return;
        }
        int generation = _generation % 0xFFFF + 1; // 1..65535, as the 16-bit field holds it
        int slot = generation & 1;
        _work[slot] = (nint)body;
        _state[slot] = (nint)state;
        _idle[slot] = (nint)idle;
        _idleState[slot] = (nint)idleState;
        _done[slot * Stride] = 0;
        // Publish the pieces (full fence: the slot is visible to whoever claims one), then the generation
        // that wakes spinning workers; Dekker with a parking worker's Exchange on its flag.
        Interlocked.Exchange(ref Next, (long)generation << 48 | (long)count << 32);
        Interlocked.Exchange(ref _generation, generation);
        for (int i = 1; i < Threads; i++)
            if (Volatile.Read(ref _parked[i * Stride]) == 1 && Interlocked.CompareExchange(ref _parked[i * Stride], 0, 1) == 1)
                _wake[i].Release();

        RunPieces();

        ref int done = ref _done[slot * Stride];
        for (int spin = 1; Volatile.Read(ref done) != count; spin++)
        {
            // A worker holds a piece; if it lost its core, let it have ours.
            if ((spin & 255) == 0) Thread.Yield();
            else Thread.SpinWait(4);
        }
        if (_failure is { } failure)
        {
            _failure = null;
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    /// <summary>Claims and runs pieces until none is left; returns the generation the last claim saw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int RunPieces()
    {
        while (true)
        {
            long claim = Interlocked.Increment(ref Next) - 1;
            int generation = (int)(claim >> 48) & 0xFFFF;
            int count = (int)(claim >> 32) & 0xFFFF;
            int index = (int)claim;
            if (index >= count) return generation;
            int slot = generation & 1;
            try
            {
                ((delegate*<void*, int, int, void>)_work[slot])((void*)_state[slot], index, count);
            }
            catch (Exception e)
            {
                _failure = e;
            }
            Interlocked.Increment(ref _done[slot * Stride]);
        }
    }

    private void WorkerLoop(int index)
    {
        int seen = 0;
        while (true)
        {
            WaitForGeneration(index, seen);
            if (_disposed) return;
            seen = RunPieces();
            RunIdleWork(index, seen);
        }
    }

    /// <summary>The idle work the call of generation <paramref name="seen"/> left, unless the next call is already here.</summary>
    private void RunIdleWork(int index, int seen)
    {
        int slot = seen & 1;
        nint idle = Volatile.Read(ref _idle[slot]);
        var signal = new IdleSignal(this, seen);
        // The slot is reused two calls later; if a newer call has arrived, the work is stale: skip it.
        if (idle == 0 || signal.WorkArrived) return;
        ((delegate*<void*, int, IdleSignal, void>)idle)((void*)_idleState[slot], index, signal);
    }

    /// <summary>Tells idle work (the <c>For</c> overload with <c>idle</c>) when to stop.</summary>
    public readonly struct IdleSignal
    {
        private readonly WorkerPool _pool;
        private readonly int _generation;

        internal IdleSignal(WorkerPool pool, int generation)
        {
            _pool = pool;
            _generation = generation;
        }

        /// <summary>True once the caller has handed out another call, or the pool is closing.</summary>
        public bool WorkArrived => Volatile.Read(ref _pool._generation) != _generation || _pool._disposed;
    }

    private void WaitForGeneration(int index, int seen)
    {
        long parkAt = Stopwatch.GetTimestamp() + _spinTicks;
        while (true)
        {
            for (int spin = 0; spin < 64; spin++)
            {
                if (Volatile.Read(ref _generation) != seen || _disposed) return;
                Thread.SpinWait(4);
            }
            Thread.Yield(); // every 64 polls: give the core away if someone else needs it
            if (Stopwatch.GetTimestamp() < parkAt) continue;

            ref int parked = ref _parked[index * Stride];
            Interlocked.Exchange(ref parked, 1);
            if ((Volatile.Read(ref _generation) != seen || _disposed) && Interlocked.CompareExchange(ref parked, 0, 1) == 1)
                return; // work arrived before anyone saw us parked: take it without sleeping
            _wake[index].Wait(); // released exactly once by whoever cleared our flag
            parkAt = Stopwatch.GetTimestamp() + _spinTicks;
        }
    }

    /// <summary>Stops and joins the workers.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
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
