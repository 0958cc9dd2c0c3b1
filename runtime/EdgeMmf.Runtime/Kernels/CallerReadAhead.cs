using System.Runtime.CompilerServices;

namespace EdgeMmf.Runtime.Kernels;

/// <summary>
/// Small arrays the calling thread reads as soon as a projection call returns: the next steps' norm gains,
/// lower bounds and recurrent state (docs/model-spec.md "BitLinear" step 1, "MLGRU"). Every token streams ~88 MB of
/// weights through the caches, so these are cold by then, and the serial steps that read them stall on memory
/// while the workers idle. <see cref="TernaryProjector"/> has the caller <see cref="Touch"/> them once its own
/// rows are done and before it helps with the others': the loads then overlap the rest of the call.
/// It saves the cold-cache cost of each serial step (docs/dev/performance-log.md).
/// </summary>
internal sealed class CallerReadAhead
{
    /// <summary>Enough for the largest step (after i, f and g: g's norm, o's gain, lower bound, 1 - lb, h).</summary>
    public const int MaxArrays = 8;

    private const int FloatsPerLine = 64 / sizeof(float);

    private readonly float[]?[] _arrays = new float[MaxArrays][];
    private int _count;
    /// <summary>Where <see cref="Touch"/> leaves its sum, so the loads are not optimized away.</summary>
    private float _sink;

    public int Count => _count;

    /// <summary>Adds one array; beyond <see cref="MaxArrays"/> the rest are ignored (this is only a hint).</summary>
    public void Add(float[] array)
    {
        if (_count < MaxArrays) _arrays[_count++] = array;
    }

    public void Clear()
    {
        Array.Clear(_arrays, 0, _count);
        _count = 0;
    }

    /// <summary>Reads one float per cache line of every array: plain loads, so it works on every ISA and never faults.</summary>
    /// <returns>The sum of the floats read (tests check which ones were).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float Touch()
    {
        float sum = 0;
        for (int a = 0; a < _count; a++)
        {
            float[] array = _arrays[a]!;
            for (int i = 0; i < array.Length; i += FloatsPerLine) sum += array[i];
        }
        _sink += sum;
        return sum;
    }
}
