namespace EdgeMmf.Bridge.Addressing;

/// <summary>The scheme of a <see cref="BridgeAddress"/>: which transport carries the frames.</summary>
public enum BridgeAddressKind
{
    /// <summary><c>spi:/dev/spidevB.C@HZ</c>: Linux spidev.</summary>
    Spi,
    /// <summary><c>xdma:/dev/xdma0</c>: Xilinx XDMA character devices.</summary>
    Xdma,
    /// <summary><c>sim:HOST:PORT</c>: the device model over TCP.</summary>
    Sim,
    /// <summary><c>pipe:/path</c>: the device model over a Unix domain socket.</summary>
    Pipe,
}
