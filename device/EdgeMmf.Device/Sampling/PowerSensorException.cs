namespace EdgeMmf.Device.Sampling;

/// <summary>A sensor could not be read; the message names the sensor, the file or bus, and what to do.</summary>
public sealed class PowerSensorException : Exception
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public PowerSensorException(string message) : base(message) { }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public PowerSensorException(string message, Exception inner) : base(message, inner) { }
}
