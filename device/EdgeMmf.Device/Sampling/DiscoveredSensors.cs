namespace EdgeMmf.Device.Sampling;

/// <summary>What <see cref="SensorDiscovery"/> found, and a sentence for each family it did not find or could not use.</summary>
public sealed record DiscoveredSensors(IReadOnlyList<IPowerSensor> Sensors, IReadOnlyList<string> Notes) : IDisposable
{
    /// <summary>Disposes every sensor found.</summary>
    public void Dispose()
    {
        foreach (IPowerSensor sensor in Sensors)
        {
            sensor.Dispose();
        }
    }
}
