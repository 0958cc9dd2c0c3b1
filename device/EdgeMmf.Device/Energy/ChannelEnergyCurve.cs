using System.Diagnostics;
using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Energy;

/// <summary>
/// One channel's cumulative energy as a function of time, so the energy of any window is
/// E(t1) - E(t0), linearly interpolated between samples:
/// a power rail (mW) is integrated with the trapezoid rule; an energy counter (µJ) is differenced
/// sample to sample, adding the counter's range when it wrapped (a negative step).
/// Samples without a value (NaN) are skipped, bridging the gap linearly; so are implausible readings
/// (<see cref="PowerReadingRange"/>), which are counted in <see cref="RejectedSamples"/>.
/// </summary>
public sealed class ChannelEnergyCurve
{
    private readonly long[] _timestamps;
    private readonly double[] _microjoules;

    /// <summary>The curve of channel <paramref name="channel"/> of <paramref name="trace"/>.</summary>
    public ChannelEnergyCurve(PowerTrace trace, int channel)
    {
        PowerRail rail = trace.Channels[channel].Rail;
        var timestamps = new List<long>(trace.Count);
        var energy = new List<double>(trace.Count);
        double cumulative = 0;
        double previousValue = double.NaN;
        long previousTimestamp = 0;
        for (int row = 0; row < trace.Count; row++)
        {
            double value = trace.ValueAt(row, channel);
            if (double.IsNaN(value))
            {
                continue;
            }
            if (!PowerReadingRange.IsPlausible(rail.Quantity, value))
            {
                RejectedSamples++;
                continue;
            }
            long timestamp = trace.TimestampAt(row);
            if (timestamps.Count > 0)
            {
                if (rail.Quantity == RailQuantity.Milliwatts)
                {
                    double seconds = (timestamp - previousTimestamp) / (double)Stopwatch.Frequency;
                    cumulative += (previousValue + value) / 2.0 * seconds * 1000.0; // mW * s = mJ = 1000 µJ
                }
                else
                {
                    double step = value - previousValue;
                    if (step < 0)
                    {
                        // powercap counters wrap to 0 at max_energy_range_uj; without a range, a drop is a reset.
                        step = rail.CounterRangeMicrojoules > 0 ? step + rail.CounterRangeMicrojoules : 0;
                    }
                    cumulative += Math.Max(step, 0);
                }
            }
            timestamps.Add(timestamp);
            energy.Add(cumulative);
            previousValue = value;
            previousTimestamp = timestamp;
        }
        _timestamps = timestamps.ToArray();
        _microjoules = energy.ToArray();
    }

    /// <summary>Readings left out as implausible: negative, beyond <see cref="PowerReadingRange.MaxMilliwatts"/>, or infinite.</summary>
    public int RejectedSamples { get; }

    /// <summary>
    /// Energy in microjoules between two Stopwatch timestamps, and whether samples bracket the whole
    /// window (false when the sensor started late or vanished: the energy then covers only the sampled part).
    /// NaN when no sample falls near the window at all.
    /// </summary>
    public double MicrojoulesBetween(long start, long end, out bool complete)
    {
        if (_timestamps.Length < 2 || end < _timestamps[0] || start > _timestamps[^1])
        {
            complete = false;
            return double.NaN;
        }
        complete = start >= _timestamps[0] && end <= _timestamps[^1];
        return At(end) - At(start);
    }

    private double At(long timestamp)
    {
        if (timestamp <= _timestamps[0])
        {
            return _microjoules[0];
        }
        if (timestamp >= _timestamps[^1])
        {
            return _microjoules[^1];
        }
        int index = Array.BinarySearch(_timestamps, timestamp);
        if (index >= 0)
        {
            return _microjoules[index];
        }
        int after = ~index;
        int before = after - 1;
        double fraction = (timestamp - _timestamps[before]) / (double)(_timestamps[after] - _timestamps[before]);
        return _microjoules[before] + fraction * (_microjoules[after] - _microjoules[before]);
    }
}
