namespace EdgeMmf.Device.Sampling;

/// <summary>One column of a power trace: a rail of a sensor.</summary>
/// <param name="Sensor">The sensor's <see cref="IPowerSensor.Name"/>.</param>
/// <param name="Rail">The rail.</param>
public sealed record PowerChannel(string Sensor, PowerRail Rail)
{
    /// <summary><c>sensor/rail</c>, the channel's name in CSV headers and plots.</summary>
    public string Id => Sensor + "/" + Rail.Name;

    /// <summary>The CSV column header: the id and the unit.</summary>
    public string CsvHeader => Id + (Rail.Quantity == RailQuantity.Milliwatts ? " [mW]" : " [uJ]");
}
