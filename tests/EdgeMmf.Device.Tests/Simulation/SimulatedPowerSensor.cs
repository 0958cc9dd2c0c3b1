using EdgeMmf.Device.Sampling;

namespace EdgeMmf.Device.Tests.Simulation;

/// <summary>
/// A one-rail sensor in memory: reads <see cref="IdleMilliwatts"/>, or <see cref="BusyMilliwatts"/> while
/// <see cref="Busy"/> is set (a synthetic workload sets it), and can be told to vanish after some reads.
/// </summary>
internal sealed class SimulatedPowerSensor(string name, double idleMilliwatts, double busyMilliwatts) : IPowerSensor
{
    private int _reads;

    public string Name { get; } = name;

    public IReadOnlyList<PowerRail> Rails { get; } = [new PowerRail("VIN", RailQuantity.Milliwatts, CountsTowardTotal: true)];

    public double IdleMilliwatts { get; } = idleMilliwatts;

    public double BusyMilliwatts { get; } = busyMilliwatts;

    public volatile bool Busy;

    /// <summary>Reads after which <see cref="Read"/> throws as an unplugged sensor would; -1: never.</summary>
    public int VanishAfterReads { get; set; } = -1;

    public int Reads => Volatile.Read(ref _reads);

    public void Read(Span<double> values)
    {
        int reads = Interlocked.Increment(ref _reads);
        if (VanishAfterReads >= 0 && reads > VanishAfterReads)
        {
            throw new PowerSensorException($"{Name}: simulated sensor unplugged.");
        }
        values[0] = Busy ? BusyMilliwatts : IdleMilliwatts;
    }

    public void Dispose() { }
}
