using System.Globalization;

namespace EdgeMmf.Device.Gpio;

/// <summary>
/// One GPIO line as libgpiod names it: chip and line offset, written <c>CHIP:LINE</c> (<c>gpiochip0:17</c>,
/// <c>0:17</c> or <c>/dev/gpiochip0:17</c>; <c>gpioinfo</c> lists them). On a Raspberry Pi 4 the header's
/// BCM GPIO n is <c>gpiochip0:n</c>; on a Pi 5 it is <c>gpiochip4:n</c> (kernel 6.6+: <c>gpiochip0</c> again).
/// </summary>
public readonly record struct GpioLineAddress(int Chip, int Line)
{
    /// <summary>Parses <c>CHIP:LINE</c>; <paramref name="what"/> names the setting in the <see cref="FormatException"/>.</summary>
    public static GpioLineAddress Parse(string text, string what)
    {
        int colon = text.LastIndexOf(':');
        string chip = colon > 0 ? text[..colon] : "";
        if (chip.StartsWith("/dev/", StringComparison.Ordinal)) chip = chip[5..];
        if (chip.StartsWith("gpiochip", StringComparison.Ordinal)) chip = chip[8..];
        if (colon <= 0
            || !int.TryParse(chip, NumberStyles.None, CultureInfo.InvariantCulture, out int chipNumber)
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int line))
        {
            throw new FormatException($"{what} '{text}': write a GPIO line as CHIP:LINE, e.g. gpiochip0:17 (`gpioinfo` lists chips and lines).");
        }
        return new GpioLineAddress(chipNumber, line);
    }

    /// <c>gpiochipN:LINE</c>.
    public override string ToString() => $"gpiochip{Chip.ToString(CultureInfo.InvariantCulture)}:{Line.ToString(CultureInfo.InvariantCulture)}";
}
