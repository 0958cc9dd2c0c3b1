using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Offload;

/// <summary>
/// Sends the projections an <see cref="IProjectionOffload"/> device handles to it and the rest to the CPU projector it
/// wraps. When the device fails, the failing projection and every later one run on the CPU: the device's sums are
/// exact, so the text does not change (docs/model-spec.md "BitLinear" step 4). Allocates only when a call needs more
/// accumulators than any before it.
/// </summary>
internal sealed class OffloadingProjector : IProjectionRunner
{
    private readonly TernaryProjector _cpu;
    private readonly IProjectionOffload _device;
    private readonly HashSet<TernaryMatrix> _onDevice = new(ReferenceEqualityComparer.Instance);
    /// <summary>The device's integer sums, before the division by s_x * s_w.</summary>
    private int[] _accumulators = [];

    /// <summary>Asks <paramref name="device"/> once per matrix of <paramref name="model"/> whether it runs it.</summary>
    public OffloadingProjector(HgrnBitModel model, TernaryProjector cpu, IProjectionOffload device)
    {
        _cpu = cpu;
        _device = device;
        for (int n = 0; n < model.Layers.Length; n++)
            foreach (BitLinearWeights projection in model.Layers[n].Projections)
                if (device.Handles(n, projection.Weight)) _onDevice.Add(projection.Weight);
        if (device.Handles(-1, model.LmHead.Weight)) _onDevice.Add(model.LmHead.Weight);
    }

    /// <summary>Raised once, on the token loop, when the device fails and the CPU takes over.</summary>
    public event Action<string>? FellBack;

    /// <summary>True once the device has failed and every projection runs on the CPU.</summary>
    public bool Failed { get; private set; }

    public void Project(ProjectionTask a)
    {
        if (!OnDevice(a.Weights) || !TryOnDevice(a)) _cpu.Project(a);
    }

    /// <summary>On the CPU as one fork-join when none of the three is on the device; else one at a time.</summary>
    public void Project(ProjectionTask a, ProjectionTask b, ProjectionTask c)
    {
        if (!OnDevice(a.Weights) && !OnDevice(b.Weights) && !OnDevice(c.Weights))
        {
            _cpu.Project(a, b, c);
            return;
        }
        Project(a);
        Project(b);
        Project(c);
    }

    /// <summary>
    /// On the CPU as one fork-join cut by channel when none of the three is on the device; else one at a time, then the
    /// epilogue over the same channel ranges the CPU would use, so the results are the same bits.
    /// </summary>
    public void Project(ProjectionTask a, ProjectionTask b, ProjectionTask c, ChannelEpilogue epilogue)
    {
        if (!OnDevice(a.Weights) && !OnDevice(b.Weights) && !OnDevice(c.Weights))
        {
            _cpu.Project(a, b, c, epilogue);
            return;
        }
        Project(a);
        Project(b);
        Project(c);
        ChannelRanges.RunAll(epilogue, a.Weights.Rows, a.Weights.RowBytes + b.Weights.RowBytes + c.Weights.RowBytes);
    }

    /// <summary>On the CPU cut by channel, or on the device and then the epilogue over the CPU's channel ranges.</summary>
    public void ProjectHalves(ProjectionTask a, ChannelEpilogue epilogue)
    {
        if (!OnDevice(a.Weights) || !TryOnDevice(a))
        {
            _cpu.ProjectHalves(a, epilogue);
            return;
        }
        ChannelRanges.RunAll(epilogue, a.Weights.Rows / 2, 2 * a.Weights.RowBytes);
    }

    private bool OnDevice(TernaryMatrix m) => !Failed && _onDevice.Contains(m);

    /// <summary>The device's sums divided by the task's denominators; false (and the CPU from now on) if it failed.</summary>
    private bool TryOnDevice(ProjectionTask task)
    {
        TernaryMatrix m = task.Weights;
        int count = task.Tokens * m.Rows;
        if (_accumulators.Length < count) _accumulators = new int[count];
        Span<int> acc = _accumulators.AsSpan(0, count);
        if (!_device.TryComputeAccumulators(m, task.Activations, task.Tokens, acc))
        {
            Failed = true;
            FellBack?.Invoke(_device.FailureReason ?? "the offload device failed");
            return false;
        }
        for (int k = 0; k < task.Tokens; k++)
            TernaryProjector.Rescale(acc.Slice(k * m.Rows, m.Rows), task.Denominators[k], task.Output.Slice(k * m.Rows, m.Rows));
        return true;
    }
}
