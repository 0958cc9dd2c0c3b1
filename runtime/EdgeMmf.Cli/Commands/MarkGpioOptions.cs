using System.CommandLine;
using EdgeMmf.Device.Gpio;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>--mark-gpio CHIP:LINE</c> and <c>--mark-gpio-every N</c>, shared by <c>generate --power</c> and
/// <c>campaign</c>: a trigger pin for an external power meter (<see cref="GpioMarkPin"/>).
/// </summary>
internal static class MarkGpioOptions
{
    private const string LineName = "--mark-gpio";
    private const string EveryName = "--mark-gpio-every";

    public static void AddTo(Command command)
    {
        command.Options.Add(new Option<string?>(LineName) { Description = "Trigger pin for an external power meter, CHIP:LINE (gpiochip0:17): high during prefill, toggled per decoded token (or per --mark-gpio-every tokens), low at the end." });
        command.Options.Add(new Option<int?>(EveryName) { Description = "Decoded tokens per toggle of --mark-gpio (default 1: every token)." });
    }

    /// <summary>Opens the pin the command line names, else <paramref name="planLine"/>; null when neither names one.</summary>
    public static GpioMarkPin? Open(ParseResult result, string? planLine = null, int? planEvery = null)
    {
        string? text = result.GetValue<string?>(LineName) ?? planLine;
        int every = result.GetValue<int?>(EveryName) ?? planEvery ?? 1;
        if (every < 1) throw new ArgumentException($"{EveryName} must be 1 or more, not {every}.");
        if (text is null) return null;
        GpioLineAddress address;
        try
        {
            address = GpioLineAddress.Parse(text, LineName);
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, e);
        }
        return new GpioMarkPin(GpioChipOpener.Open(address.Chip), address.Line, every, ownsController: true);
    }
}
