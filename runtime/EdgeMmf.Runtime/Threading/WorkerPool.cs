using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace EdgeMmf.Runtime.Threading;

/// <summary>
/// A persistent parallel-for for the token loop: <c>For</c> runs body(state, i, count) once for every
/// i in [0, count) on the calling thread and the workers, and returns when all have run. No Task, no
/// delegate, no allocation and no lock per call.
/// <para>
/// Each worker has an offer of its own, one 128-byte block no other worker touches: the call's tag
/// [count:16 | generation:16 | piece + 1:32], its body and state, and its idle work. Piece i &lt; Threads is
/// offered to thread i (the caller runs piece 0), so a worker learns everything about a call from one cache
/// line and takes its piece with a compare-exchange on that same line, and it runs the same piece call after
/// call: the share of the next projection it pulled toward its caches while idle (<c>ProjectionLookahead</c>)
/// is the share it then computes. Done, it marks a line of its own, which the caller reads; no counter that
/// every thread updates at the same moment. Pieces past the thread count go to whoever asks first, through one
/// shared counter. The caller never waits on a worker that has not taken its piece: once its own pieces are
/// done it takes over any offer still untaken (the compare-exchange decides who runs it), so a descheduled
/// worker (a busy machine, more threads than cores) costs that piece's time, never a stall; and a worker that
/// wakes late can never run a stale piece, since the tag it compares carries the call's generation.
/// </para><para>
/// Idle workers spin on their offer for <see cref="SpinMicroseconds"/>, then park on a semaphore so an idle
/// model does not burn a core (it matters when measuring joules per token); waking a parked worker costs a
/// futex wake-up, which happens only after an idle pause, never inside a busy token loop.
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
    /// <summary>Longs per worker's offer (<see cref="_offers"/>): 128 bytes.</summary>
    private const int OfferLongs = 16;
    private const int MaxPieces = ushort.MaxValue;
    /// <summary>The piece field of an offer its worker has taken.</summary>
    private const uint Taken = uint.MaxValue;
    /// <summary>The piece field of an offer the caller has taken over.</summary>
    private const uint TakenOver = uint.MaxValue - 1;

    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _parked;      // [worker * Stride]: 1 while the worker sleeps on _wake
    /// <summary>
    /// [worker * OfferLongs]: tag, body, state, idle work, its state, sequence number (<see cref="Offer"/>); native and
    /// 128-byte aligned so each worker's block is its own pair of lines. <see cref="_finished"/> follows in the same block.
    /// </summary>
    private readonly long* _offers;
    private readonly long[] _next;       // [Stride / 2]: the counter of pieces past the thread count, alone on its lines
    private readonly nint[] _work;       // [generation & 1]: body of that call, for pieces taken from the counter
    private readonly nint[] _state;      // [generation & 1]: its state
    /// <summary>
    /// [worker * OfferLongs]: the sequence number of the last call whose offered piece the worker finished, on a line of
    /// its own, so finishing is one store to a line only the caller reads, not a locked add that every thread makes to
    /// one counter at the same moment.
    /// </summary>
    private readonly long* _finished;
    private readonly int[] _done;        // [Stride]: pieces past one per thread finished in the running call
    private long _sequence;              // calls made, bumped by the caller only; never wraps in practice
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
        nuint lineBytes = (nuint)(2 * threads * OfferLongs * sizeof(long));         // the offers, then the done lines
        _offers = (long*)NativeMemory.AlignedAlloc(lineBytes, 128);
        NativeMemory.Clear(_offers, lineBytes);
        _finished = _offers + threads * OfferLongs;
        _next = new long[Stride / 2 * 3];
        _done = new int[3 * Stride];
        _work = new nint[2];
        _state = new nint[2];
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

    private ref int Done => ref _done[Stride];

    /// <summary>Worker <paramref name="worker"/>'s offer: [0] tag, [1] body, [2] state, [3] idle work, [4] its state, [5] the call's sequence number.</summary>
    private long* Offer(int worker) => _offers + worker * OfferLongs;

    private static long Tag(int count, int generation, uint piece) => (long)count << 48 | (long)generation << 32 | piece;

    private static int GenerationOf(long tag) => (int)(tag >> 32) & 0xFFFF;

    private static int CountOf(long tag) => (int)(tag >> 48) & 0xFFFF;

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
        _generation = generation;
        int offered = Math.Min(count, Threads);
        long sequence = ++_sequence;
        Done = 0;
        _work[generation & 1] = (nint)body;
        _state[generation & 1] = (nint)state;
        // Pieces past one per thread first (a full fence), then each worker's offer, its tag last (a release): a
        // worker that sees the tag sees the rest. No fence after the offers: the caller starts on piece 0 while
        // they travel to the workers' cores.
        Interlocked.Exchange(ref Next, (long)generation << 48 | (long)count << 32 | (uint)offered);
        for (int i = 1; i < Threads; i++)
        {
            long* offer = Offer(i);
            // The token loop passes the same body and states call after call: then only the tag is written, so the
            // line moves to the caller once, not once per store while the worker polls it.
            if (offer[1] != (nint)body) offer[1] = (nint)body;
            if (offer[2] != (nint)state) offer[2] = (nint)state;
            if (offer[3] != (nint)idle) offer[3] = (nint)idle;
            if (offer[4] != (nint)idleState) offer[4] = (nint)idleState;
            offer[5] = sequence;
            Volatile.Write(ref offer[0], Tag(count, generation, i < offered ? (uint)(i + 1) : 0));
        }
        WakeParkedWorkers();

        Run(body, state, 0, count);
        int sharedRan = RunSharedPieces();
        // Take over what no worker has taken yet: a read first, and a compare-exchange only where it is still offered.
        for (int i = 1; i < offered; i++)
        {
            long untaken = Tag(count, generation, (uint)(i + 1));
            if (Volatile.Read(ref Offer(i)[0]) == untaken && Interlocked.CompareExchange(ref Offer(i)[0], untaken & ~0xFFFF_FFFFL | TakenOver, untaken) == untaken)
                Run(body, state, i, count);
        }

        // The join: each worker that took its piece marks its own line when done.
        for (int i = 1; i < offered; i++)
        {
            if ((uint)Volatile.Read(ref Offer(i)[0]) == TakenOver) continue;
            ref long finished = ref _finished[i * OfferLongs];
            for (int spin = 1; Volatile.Read(ref finished) != sequence; spin++) Pause(spin);
        }
        if (count > offered)
        {
            Interlocked.Add(ref Done, sharedRan);
            for (int spin = 1; Volatile.Read(ref Done) != count - offered; spin++) Pause(spin);
        }
        if (_failure is { } failure)
        {
            _failure = null;
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    /// <summary>Waiting on a worker that holds a piece: if it lost its core, let it have ours now and then.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pause(int spin)
    {
        if ((spin & 255) == 0) Thread.Yield();
        else Thread.SpinWait(4);
    }

    /// <summary>
    /// Releases workers that have gone to sleep. Plain reads of their flags first: workers park only after an idle
    /// pause. A worker that parks while this runs may miss the call; its piece is then taken over, and the next
    /// call, which reads its flag set, wakes it.
    /// </summary>
    private void WakeParkedWorkers()
    {
        for (int i = 1; i < Threads; i++)
        {
            if (Volatile.Read(ref _parked[i * Stride]) != 1) continue;
            Interlocked.MemoryBarrier(); // Dekker with a parking worker's Exchange on its flag
            if (Interlocked.CompareExchange(ref _parked[i * Stride], 0, 1) == 1) _wake[i].Release();
        }
    }

    /// <summary>Runs piece <paramref name="index"/>; a failure is kept for the caller to rethrow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Run(delegate*<void*, int, int, void> body, void* state, int index, int count)
    {
        try
        {
            body(state, index, count);
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    /// <summary>
    /// Claims and runs pieces past one per thread until none is left; returns how many ran. A claim says which call it
    /// belongs to: a worker that comes late may take a piece of the call after the one it woke for, and runs it with
    /// that call's body and state (the slot of a generation is reused two calls later, and a call whose piece is held
    /// cannot end).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int RunSharedPieces()
    {
        int ran = 0;
        while (true)
        {
            long peek = Volatile.Read(ref Next);             // no locked increment once the counter is spent
            if ((int)peek >= (int)(peek >> 32 & 0xFFFF)) return ran;
            long claim = Interlocked.Increment(ref Next) - 1;
            int count = (int)(claim >> 32) & 0xFFFF, index = (int)claim;
            if (index >= count) return ran;
            int slot = (int)(claim >> 48) & 1;
            Run((delegate*<void*, int, int, void>)_work[slot], (void*)_state[slot], index, count);
            ran++;
        }
    }

    private void WorkerLoop(int index)
    {
        long* offer = Offer(index);
        int seen = 0;
        while (true)
        {
            long tag = WaitForOffer(index, seen);
            if (_disposed) return;
            seen = GenerationOf(tag);
            var body = (delegate*<void*, int, int, void>)offer[1];
            void* state = (void*)offer[2];
            var idle = (delegate*<void*, int, IdleSignal, void>)offer[3];
            void* idleState = (void*)offer[4];
            long sequence = offer[5];
            uint piece = (uint)tag;
            if (piece != 0 && piece < TakenOver)
            {
                // The call's description sits at the start of its state (TernaryProjector's call block): pull it in
                // while the compare-exchange settles who runs the piece.
                if (Sse.IsSupported)
                {
                    Sse.Prefetch0(state);
                    Sse.Prefetch0((byte*)state + 64);
                    Sse.Prefetch0((byte*)state + 128);
                    Sse.Prefetch0((byte*)state + 192);
                }
                // Lost to the caller: the call may be over and the fields read above another call's; wait for the next.
                if (Interlocked.CompareExchange(ref offer[0], tag | Taken, tag) != tag) continue;
                Run(body, state, (int)piece - 1, CountOf(tag));
                Volatile.Write(ref _finished[index * OfferLongs], sequence);
            }
            int ran = RunSharedPieces();
            if (ran > 0) Interlocked.Add(ref Done, ran);
            // Idle work is a hint: if the call is already over, it sees the next one arrive and returns at once.
            if (idle != null)
            {
                var signal = new IdleSignal(this, offer, seen);
                if (!signal.WorkArrived) idle(idleState, index, signal);
            }
        }
    }

    /// <summary>Tells idle work (the <c>For</c> overload with <c>idle</c>) when to stop.</summary>
    public readonly struct IdleSignal
    {
        private readonly WorkerPool _pool;
        private readonly long* _offer;
        private readonly int _generation;

        internal IdleSignal(WorkerPool pool, long* offer, int generation)
        {
            _pool = pool;
            _offer = offer;
            _generation = generation;
        }

        /// <summary>True once the caller has handed out another call, or the pool is closing.</summary>
        public bool WorkArrived => GenerationOf(Volatile.Read(ref *_offer)) != _generation || _pool._disposed;
    }

    /// <summary>Spins, then sleeps, until worker <paramref name="index"/>'s offer carries a generation other than <paramref name="seen"/>; returns its tag.</summary>
    private long WaitForOffer(int index, int seen)
    {
        ref long tag = ref Offer(index)[0];
        long parkAt = Stopwatch.GetTimestamp() + _spinTicks;
        while (true)
        {
            for (int spin = 0; spin < 64; spin++)
            {
                long t = Volatile.Read(ref tag);
                if (GenerationOf(t) != seen || _disposed) return t;
                Thread.SpinWait(4);
            }
            Thread.Yield(); // every 64 polls: give the core away if someone else needs it
            if (Stopwatch.GetTimestamp() < parkAt) continue;

            ref int parked = ref _parked[index * Stride];
            Interlocked.Exchange(ref parked, 1);
            long now = Volatile.Read(ref tag);
            if ((GenerationOf(now) != seen || _disposed) && Interlocked.CompareExchange(ref parked, 0, 1) == 1)
                return now; // work arrived before anyone saw us parked: take it without sleeping
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
        NativeMemory.AlignedFree(_offers); // _finished too: one block
    }
}
