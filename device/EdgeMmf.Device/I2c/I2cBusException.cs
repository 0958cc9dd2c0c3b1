namespace EdgeMmf.Device.I2c;

/// <summary>An I2C transfer failed; the message names the bus, the address and what to check.</summary>
public sealed class I2cBusException : IOException
{
    public I2cBusException(string message) : base(message) { }

    public I2cBusException(string message, int errno) : base(message) => Errno = errno;

    /// <summary>The Linux errno, when the failure came from the kernel (0 otherwise).</summary>
    public int Errno { get; }
}
