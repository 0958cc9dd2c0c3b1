using System.Globalization;
using EdgeMmf.Bridge.Errors;
using EdgeMmf.Device.Gpio;

namespace EdgeMmf.Bridge.Addressing;

/// <summary>
/// Where the device is, as <c>--bridge</c> names it:
/// <c>spi:/dev/spidev0.0@30000000</c> (path, SPI clock in Hz; optionally <c>,reset=gpiochip0:25</c> and
/// <c>,irq=gpiochip0:24</c>, the board's reset and ready-interrupt lines), <c>xdma:/dev/xdma0</c> (device
/// prefix; _h2c_0, _c2h_0 and _user are appended), <c>sim:127.0.0.1:PORT</c> (device model over
/// TCP) or <c>pipe:/tmp/edgemmf-bridge.sock</c> (device model over a Unix domain socket).
/// <see cref="Transports.BridgeTransportFactory.Open"/> opens the transport it names.
/// </summary>
/// <param name="Kind">The scheme.</param>
/// <param name="Path">spi: the spidev node; xdma: the device prefix; pipe: the socket path; empty for sim.</param>
/// <param name="Host">sim only: the host name or address, without brackets; empty otherwise.</param>
/// <param name="Port">sim only: the TCP port, 1..65535; 0 otherwise.</param>
/// <param name="SpeedHz">spi only: the SPI clock in Hz (the link moves SpeedHz / 8 bytes per second); 0 otherwise.</param>
public sealed record BridgeAddress(BridgeAddressKind Kind, string Path, string Host, int Port, int SpeedHz)
{
    private const string Forms = "use spi:/dev/spidevB.C@HZ[,reset=CHIP:LINE][,irq=CHIP:LINE], xdma:/dev/xdmaN, sim:HOST:PORT or pipe:/path/to.sock";

    /// <summary>SPI only: the board's active-low reset line, pulsed on connect and after a fault.</summary>
    public GpioLineAddress? ResetLine { get; init; }

    /// <summary>SPI only: the line the firmware raises when a response is ready; reads wait on its rising edge.</summary>
    public GpioLineAddress? InterruptLine { get; init; }

    /// <summary>Parses a <c>--bridge</c> value; the path must be absolute, but whether the device exists is checked only on open.</summary>
    /// <exception cref="BridgeAddressException">The text matches none of the forms; the message says why and lists them.</exception>
    public static BridgeAddress Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Invalid(text, "it is empty");
        int colon = text.IndexOf(':');
        if (colon <= 0) throw Invalid(text, "it has no scheme");
        string scheme = text[..colon].ToLowerInvariant();
        string rest = text[(colon + 1)..];
        switch (scheme)
        {
            case "spi":
            {
                string[] parts = rest.Split(',');
                rest = parts[0];
                GpioLineAddress? reset = null, irq = null;
                foreach (string option in parts.AsSpan(1))
                {
                    int equals = option.IndexOf('=');
                    string key = equals > 0 ? option[..equals] : option;
                    string value = equals > 0 ? option[(equals + 1)..] : "";
                    try
                    {
                        switch (key)
                        {
                            case "reset": reset = GpioLineAddress.Parse(value, "reset"); break;
                            case "irq": irq = GpioLineAddress.Parse(value, "irq"); break;
                            default: throw Invalid(text, $"unknown SPI option '{option}' (reset=CHIP:LINE or irq=CHIP:LINE)");
                        }
                    }
                    catch (FormatException e)
                    {
                        throw Invalid(text, e.Message);
                    }
                }
                int at = rest.LastIndexOf('@');
                if (at < 0) throw Invalid(text, "an SPI address needs the clock in Hz after '@', e.g. spi:/dev/spidev0.0@30000000");
                string path = rest[..at];
                RequireAbsolute(text, path, "/dev/spidev0.0");
                if (!int.TryParse(rest[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int hz) || hz <= 0)
                    throw Invalid(text, $"'{rest[(at + 1)..]}' is not an SPI clock in Hz (a positive integer such as 30000000)");
                return new BridgeAddress(BridgeAddressKind.Spi, path, "", 0, hz) { ResetLine = reset, InterruptLine = irq };
            }
            case "xdma":
                RequireAbsolute(text, rest, "/dev/xdma0");
                return new BridgeAddress(BridgeAddressKind.Xdma, rest, "", 0, 0);
            case "pipe":
                RequireAbsolute(text, rest, "/tmp/edgemmf-bridge.sock");
                return new BridgeAddress(BridgeAddressKind.Pipe, rest, "", 0, 0);
            case "sim":
            {
                int portColon = rest.LastIndexOf(':');
                if (portColon <= 0) throw Invalid(text, "a sim address is HOST:PORT, e.g. sim:127.0.0.1:5025");
                string host = rest[..portColon].Trim('[', ']');
                if (!int.TryParse(rest[(portColon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
                    throw Invalid(text, $"'{rest[(portColon + 1)..]}' is not a TCP port (1..65535)");
                return new BridgeAddress(BridgeAddressKind.Sim, "", host, port, 0);
            }
            default:
                throw Invalid(text, $"unknown scheme '{scheme}'");
        }
    }

    /// <summary>The address in <c>--bridge</c> syntax, in the form <see cref="Parse"/> accepts.</summary>
    public override string ToString() => Kind switch
    {
        BridgeAddressKind.Spi => $"spi:{Path}@{SpeedHz.ToString(CultureInfo.InvariantCulture)}"
            + (ResetLine is { } reset ? $",reset={reset}" : "") + (InterruptLine is { } irq ? $",irq={irq}" : ""),
        BridgeAddressKind.Xdma => $"xdma:{Path}",
        BridgeAddressKind.Pipe => $"pipe:{Path}",
        _ => $"sim:{Host}:{Port.ToString(CultureInfo.InvariantCulture)}",
    };

    private static void RequireAbsolute(string text, string path, string example)
    {
        if (path.Length < 2 || path[0] != '/') throw Invalid(text, $"'{path}' is not an absolute device path such as {example}");
    }

    private static BridgeAddressException Invalid(string text, string why) => new($"--bridge '{text}': {why}; {Forms}.");
}
