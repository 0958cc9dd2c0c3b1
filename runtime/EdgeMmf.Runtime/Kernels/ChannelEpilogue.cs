namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// Elementwise work a projection call does on a range of output channels as soon as every projection of the call has
/// computed (and divided) its rows for those channels, on the thread that computed them: the MLGRU gates after a layer's
/// i, f and g, SwiGLU after gate|up (docs/model-spec.md "One token step"). A decode step's elementwise work otherwise runs
/// on the calling thread alone while every worker waits, which is what limits decode on many cores.
/// <para>
/// Threads run it on ranges of channels (<see cref="ChannelRanges"/>: whole multiples of 16 but the last, none shorter
/// than 16); one thread runs it once on all of them. Its result for a channel must not depend on the range it was in,
/// as holds for elementwise <c>TensorPrimitives</c> operations on spans of 16 or more, so that decode gives the same
/// bits on any number of threads (FastForwardTests) and on an offload device.
/// </para>
/// </summary>
public readonly unsafe struct ChannelEpilogue
{
    /// <summary>Work that runs <paramref name="run"/>(state, first channel, end channel) for each range of a call.</summary>
    public ChannelEpilogue(delegate*<void*, int, int, void> run, void* state)
    {
        ArgumentNullException.ThrowIfNull(run);
        Run = run;
        State = state;
    }

    /// <summary>Called with (state, first channel, end channel) once per range.</summary>
    public delegate*<void*, int, int, void> Run { get; }

    /// <summary>What the work reads and writes; must stay valid until the call returns.</summary>
    public void* State { get; }

    /// <summary>No work (the default value).</summary>
    public bool IsNone => Run == null;
}
