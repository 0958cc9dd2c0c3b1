using EdgeMmf.Bridge.Addressing;
using EdgeMmf.Bridge.Transports.Spi;
using EdgeMmf.Bridge.Transports.Xdma;

namespace EdgeMmf.Bridge.Transports;

/// <summary>Opens the transport a <see cref="BridgeAddress"/> names.</summary>
public static class BridgeTransportFactory
{
    public static IBridgeTransport Open(BridgeAddress address, int connectTimeoutMilliseconds = 5000) => address.Kind switch
    {
        BridgeAddressKind.Spi => SpidevTransport.Open(address.Path, (uint)address.SpeedHz),
        BridgeAddressKind.Xdma => XdmaTransport.Open(address.Path),
        BridgeAddressKind.Pipe => SocketTransport.ConnectUnix(address.Path),
        _ => SocketTransport.ConnectTcp(address.Host, address.Port, connectTimeoutMilliseconds),
    };

    /// <summary>Expected throughput of the link in bytes per second (SPI: clock / 8), for scaling timeouts; 0 if unknown.</summary>
    public static long ExpectedBytesPerSecond(BridgeAddress address) => address.Kind == BridgeAddressKind.Spi ? address.SpeedHz / 8 : 0;
}
