using System.Device.Gpio;
using System.Device.Gpio.Drivers;

namespace EdgeMmf.Device.Gpio;

/// <summary>
/// Opens a <see cref="GpioController"/> on <c>/dev/gpiochipN</c> through libgpiod (System.Device.Gpio's
/// <see cref="LibGpiodDriver"/>), with one-line fixes for what goes wrong on a board: no such chip, no
/// libgpiod, no permission. Tests hand a simulated <see cref="GpioDriver"/> to <see cref="GpioController"/> instead.
/// </summary>
public static class GpioChipOpener
{
    /// <summary>The controller of <c>/dev/gpiochip<paramref name="chip"/></c>; a failure says what to fix.</summary>
    public static GpioController Open(int chip)
    {
        string path = $"/dev/gpiochip{chip}";
        if (!File.Exists(path))
        {
            throw new IOException($"GPIO chip '{path}' does not exist: `gpiodetect` lists the chips this board has.");
        }
        try
        {
            return new GpioController(new LibGpiodDriver(chip));
        }
        catch (DllNotFoundException e)
        {
            throw new IOException($"GPIO chip '{path}': libgpiod is not installed (`sudo apt install libgpiod2`).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new IOException($"GPIO chip '{path}' cannot be opened ({e.Message}): add yourself to the gpio group (`sudo usermod -aG gpio $USER`, then log in again) or run as root.", e);
        }
    }
}
