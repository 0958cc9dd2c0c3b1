namespace EdgeMmf.Device.Sampling;

/// <summary>A sensor could not be read; the message names the sensor, the file or bus, and what to do.</summary>
public sealed class PowerSensorException : Exception
{
    public PowerSensorException(string message) : base(message) { }

    public PowerSensorException(string message, Exception inner) : base(message, inner) { }
}
