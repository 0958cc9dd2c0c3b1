namespace EdgeMmf.Bridge.Transports;

/// <summary>A link that can reset the board behind it out of band (a GPIO reset line next to SPI).</summary>
public interface IResettableBridgeTransport
{
    /// <summary>Resets the device; false when this link has no way to (no reset line given).</summary>
    bool ResetDevice();
}
