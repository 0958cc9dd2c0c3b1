namespace EdgeMmf.Device.I2c;

/// <summary>An I2C bus could not be opened or a transfer failed; the message names the bus, the address and what to check.</summary>
public sealed class I2cBusException : IOException
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public I2cBusException(string message) : base(message) { }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public I2cBusException(string message, Exception inner) : base(message, inner) { }
}
