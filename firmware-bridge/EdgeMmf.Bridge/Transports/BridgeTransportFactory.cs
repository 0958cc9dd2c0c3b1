using System.Device.Gpio;
using EdgeMmf.Bridge.Addressing;
using EdgeMmf.Device.Gpio;
using EdgeMmf.Bridge.Transports.Spi;
using EdgeMmf.Bridge.Transports.Xdma;

namespace EdgeMmf.Bridge.Transports;

/// <summary>Opens the transport a <see cref="BridgeAddress"/> names.</summary>
public static class BridgeTransportFactory
{
    /// <summary>
    /// Opens the link; for SPI also the reset and interrupt lines, pulsing reset if there is one. The caller disposes it
    /// (a <see cref="Client.BridgeClient"/> does).
    /// </summary>
    /// <param name="address">A parsed <c>--bridge</c> address.</param>
    /// <param name="connectTimeoutMilliseconds">How long a <c>sim:</c> TCP connect may take; the other kinds ignore it.</param>
    /// <exception cref="Errors.BridgeException">
    /// The device cannot be reached (<see cref="Errors.BridgeDisconnectedException"/>), an SPI path is not <c>/dev/spidevB.C</c>
    /// (<see cref="Errors.BridgeAddressException"/>), or an XDMA card's identity register is not the bridge's
    /// (<see cref="Errors.BridgeVersionException"/>).
    /// </exception>
    public static IBridgeTransport Open(BridgeAddress address, int connectTimeoutMilliseconds = 5000) => address.Kind switch
    {
        BridgeAddressKind.Spi => SpidevTransport.Open(address.Path, address.SpeedHz, OpenLines(address, GpioChipOpener.Open)),
        BridgeAddressKind.Xdma => XdmaTransport.Open(address.Path),
        BridgeAddressKind.Pipe => SocketTransport.ConnectUnix(address.Path),
        _ => SocketTransport.ConnectTcp(address.Host, address.Port, connectTimeoutMilliseconds),
    };

    /// <summary>The reset and interrupt lines <paramref name="address"/> names, on one controller per chip; null for none.</summary>
    public static BridgeGpioLines? OpenLines(BridgeAddress address, Func<int, GpioController> openChip)
    {
        if (address.ResetLine is null && address.InterruptLine is null) return null;
        GpioController? resetChip = address.ResetLine is { } r ? openChip(r.Chip) : null;
        GpioController? irqChip = address.InterruptLine is { } i
            ? (resetChip is not null && address.ResetLine!.Value.Chip == i.Chip ? resetChip : openChip(i.Chip))
            : null;
        return new BridgeGpioLines(
            resetChip is null ? null : (resetChip, address.ResetLine!.Value.Line),
            irqChip is null ? null : (irqChip, address.InterruptLine!.Value.Line),
            ownsControllers: true);
    }

    /// <summary>Expected throughput of the link in bytes per second (SPI: clock / 8), for scaling timeouts; 0 if unknown.</summary>
    public static long ExpectedBytesPerSecond(BridgeAddress address) => address.Kind == BridgeAddressKind.Spi ? address.SpeedHz / 8 : 0;
}
