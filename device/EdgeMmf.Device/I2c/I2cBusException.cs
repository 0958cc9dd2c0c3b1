namespace EdgeMmf.Device.I2c;

/// <summary>An I2C bus could not be opened or a transfer failed; the message names the bus, the address and what to check.</summary>
public sealed class I2cBusException : IOException
{
    public I2cBusException(string message) : base(message) { }

    public I2cBusException(string message, Exception inner) : base(message, inner) { }
}
