using System.Device.Gpio;
using EdgeMmf.Bridge.Addressing;
using EdgeMmf.Device.Gpio;
using EdgeMmf.Bridge.Transports.Spi;
using EdgeMmf.Bridge.Transports.Xdma;

namespace EdgeMmf.Bridge.Transports;

/// <summary>Opens the transport a <see cref="BridgeAddress"/> names.</summary>
public static class BridgeTransportFactory
{
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
