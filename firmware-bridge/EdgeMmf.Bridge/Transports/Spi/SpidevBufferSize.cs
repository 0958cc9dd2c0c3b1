using System.Globalization;

namespace EdgeMmf.Bridge.Transports.Spi;

/// <summary>
/// spidev's per-message byte limit, the module parameter <c>bufsiz</c> (default 4096,
/// drivers/spi/spidev.c); one SPI_IOC_MESSAGE larger than this fails with EMSGSIZE.
/// Raise it with <c>spidev.bufsiz=65536</c> on the kernel command line.
/// </summary>
public static class SpidevBufferSize
{
    /// <summary>Where the spidev module publishes bufsiz.</summary>
    public const string ParameterPath = "/sys/module/spidev/parameters/bufsiz";
    /// <summary>spidev's bufsiz when the module parameter is not set: 4096 bytes.</summary>
    public const int KernelDefault = 4096;

    /// <summary>
    /// The limit in bytes read from <paramref name="path"/>; <see cref="KernelDefault"/> when the file is missing,
    /// unreadable or holds no positive integer.
    /// </summary>
    public static int Read(string path = ParameterPath)
    {
        try
        {
            string text = File.ReadAllText(path).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size > 0 ? size : KernelDefault;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return KernelDefault;
        }
    }
}
