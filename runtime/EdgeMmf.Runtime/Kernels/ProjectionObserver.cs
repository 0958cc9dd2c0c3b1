namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// The hook for diagnoses that watch <see cref="TernaryProjector"/> calls (e.g. <c>edgemmf bench --trace-calls</c>,
/// which lives in EdgeMmf.Diagnostics): attached with <see cref="TernaryProjector.Observer"/>, it is told on the
/// calling thread when each call starts and returns, and, from whichever thread runs it, when each home share
/// starts and runs out of its own chunks. A projector with no observer pays one null test per call and per share.
/// <para>
/// The share callbacks are static function pointers, not virtual methods: a worker sees only the call's unmanaged
/// block, which can hold a function pointer but no object reference, and an indirect call costs what the kernels'
/// dispatch does. An observer must not allocate, lock or block in any of its members: they run inside the token loop.
/// </para>
/// </summary>
public abstract unsafe class ProjectionObserver
{
    /// <param name="threads">The most home shares one call may report; a projector of more threads refuses this observer.</param>
    /// <param name="homeStarted">
    /// Called by the thread that runs home share <c>home</c> of an observed call as it starts its own chunks, with the
    /// record <see cref="Begin"/> returned for the call.
    /// </param>
    /// <param name="homeFinished">Called by that thread, with the same record, when it finds no chunk of its share left.</param>
    protected ProjectionObserver(int threads, delegate*<void*, int, void> homeStarted, delegate*<void*, int, void> homeFinished)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (homeStarted == null) throw new ArgumentNullException(nameof(homeStarted));
        if (homeFinished == null) throw new ArgumentNullException(nameof(homeFinished));
        Threads = threads;
        HomeStarted = homeStarted;
        HomeFinished = homeFinished;
    }

    /// <summary>The most home shares (projector threads) one call may report.</summary>
    public int Threads { get; }

    /// <summary>
    /// A call over <paramref name="rows"/> rows (<paramref name="weightBytes"/> weight bytes) split into
    /// <paramref name="homes"/> home shares is starting, on the calling thread. Returns the call's record, handed to
    /// the share callbacks and to <see cref="End"/>, or null to leave this call unobserved.
    /// </summary>
    protected internal abstract void* Begin(int rows, long weightBytes, int homes);

    /// <summary>The call whose record is <paramref name="record"/> has returned (every share has run); on the calling thread.</summary>
    protected internal abstract void End(void* record);

    /// <summary>The constructor's <c>homeStarted</c>.</summary>
    internal delegate*<void*, int, void> HomeStarted { get; }

    /// <summary>The constructor's <c>homeFinished</c>.</summary>
    internal delegate*<void*, int, void> HomeFinished { get; }
}
