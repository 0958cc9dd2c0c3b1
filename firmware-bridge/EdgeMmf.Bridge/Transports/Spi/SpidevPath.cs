using System.Device.Spi;
using System.Globalization;
using EdgeMmf.Bridge.Errors;

namespace EdgeMmf.Bridge.Transports.Spi;

/// <summary>
/// <c>/dev/spidevB.C</c> as System.Device.Gpio names it: bus B, chip select C. The library opens
/// <c>/dev/spidev{B}.{C}</c> itself, so another folder cannot be named.
/// </summary>
public static class SpidevPath
{
    private const string Prefix = "/dev/spidev";

    /// <summary>SPI mode 0, 8-bit words, MSB first, at <paramref name="speedHz"/>.</summary>
    public static SpiConnectionSettings Settings(string path, int speedHz)
    {
        string rest = path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : "";
        int dot = rest.IndexOf('.');
        if (dot <= 0
            || !int.TryParse(rest.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int bus)
            || !int.TryParse(rest.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int chipSelect))
        {
            throw new BridgeAddressException($"{path}: not an spidev device; name it /dev/spidevB.C (bus B, chip select C), e.g. /dev/spidev0.0.");
        }
        return new SpiConnectionSettings(bus, chipSelect)
        {
            ClockFrequency = speedHz,
            Mode = SpiMode.Mode0,
            DataBitLength = 8,
            DataFlow = DataFlow.MsbFirst,
        };
    }
}
