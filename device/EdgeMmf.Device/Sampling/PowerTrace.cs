namespace EdgeMmf.Device.Sampling;

/// <summary>
/// The samples of one recording: a Stopwatch timestamp per row and one value per channel
/// (<see cref="double.NaN"/> where a sensor had no reading, or had vanished).
/// Filled by the sampler thread; read after <see cref="PowerSampler.Stop"/>.
/// </summary>
public sealed class PowerTrace
{
    private readonly List<long> _timestamps = new(1024);
    private readonly List<double[]> _rows = new(1024);

    /// <summary>An empty trace of <paramref name="channels"/>.</summary>
    public PowerTrace(IReadOnlyList<PowerChannel> channels) => Channels = channels;

    /// <summary>The channels, in column order.</summary>
    public IReadOnlyList<PowerChannel> Channels { get; }

    /// <summary>Rows recorded.</summary>
    public int Count => _timestamps.Count;

    /// <summary>The row's timestamp in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long TimestampAt(int row) => _timestamps[row];

    /// <summary>The value of <paramref name="channel"/> in <paramref name="row"/>; NaN when there was none.</summary>
    public double ValueAt(int row, int channel) => _rows[row][channel];

    internal void Add(long timestamp, double[] values)
    {
        _timestamps.Add(timestamp);
        _rows.Add(values);
    }

    /// <summary>Builds a trace from known samples (tests, re-analysis of a CSV).</summary>
    public static PowerTrace FromSamples(IReadOnlyList<PowerChannel> channels, IReadOnlyList<long> timestamps, IReadOnlyList<double[]> rows)
    {
        var trace = new PowerTrace(channels);
        for (int i = 0; i < timestamps.Count; i++)
        {
            if (rows[i].Length != channels.Count)
            {
                throw new ArgumentException($"Row {i} has {rows[i].Length} values for {channels.Count} channels.", nameof(rows));
            }
            trace.Add(timestamps[i], rows[i]);
        }
        return trace;
    }
}
