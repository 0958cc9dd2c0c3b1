using System.Device.Gpio;
using EdgeMmf.Device.Energy;

namespace EdgeMmf.Device.Gpio;

/// <summary>
/// A trigger pin that lines an external power meter's trace (Joulescope, Otii, a lab DAQ) up with a run:
/// high from prefill start, toggled after every <see cref="TokensPerToggle"/> decoded tokens (the first toggle,
/// high to low, therefore marks the first token, i.e. the end of prefill), low at the end. With N = 1 every
/// edge after the first is one token; a larger N keeps the edge rate within a slow logger's reach.
/// Writes go through <see cref="GpioController.Write(ReadOnlySpan{PinValuePair})"/> with a preallocated pair:
/// System.Device.Gpio 4.2.0's <c>Write(int, PinValue)</c> allocates about 40 bytes a call, this overload none
/// (GpioMarkPinTests checks), so the token loop stays allocation-free.
/// </summary>
public sealed class GpioMarkPin : IGenerationMarks, IDisposable
{
    private readonly GpioController _controller;
    private readonly bool _ownsController;
    private readonly int _line;
    private readonly PinValuePair[] _write = new PinValuePair[1];
    private PinValue _level = PinValue.Low;
    private int _sinceToggle;

    /// <param name="controller">The chip's controller (a libgpiod one on a board, a simulated driver's in tests).</param>
    /// <param name="line">The line offset on that chip; opened as an output, driven low.</param>
    /// <param name="tokensPerToggle">Toggle after this many decoded tokens (1: every token).</param>
    /// <param name="ownsController">Dispose <paramref name="controller"/> with the pin.</param>
    public GpioMarkPin(GpioController controller, int line, int tokensPerToggle, bool ownsController)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokensPerToggle, 1);
        _controller = controller;
        _line = line;
        _ownsController = ownsController;
        TokensPerToggle = tokensPerToggle;
        _controller.OpenPin(line, PinMode.Output, PinValue.Low);
    }

    /// <summary>Decoded tokens per toggle.</summary>
    public int TokensPerToggle { get; }

    /// <summary>Drives the pin high.</summary>
    public void OnPrefillStart(long timestamp, int promptTokens)
    {
        _sinceToggle = 0;
        Drive(PinValue.High);
    }

    /// <summary>Nothing: the first toggle marks the first token.</summary>
    public void OnFirstToken(long timestamp) { }

    /// <summary>Toggles the pin every <see cref="TokensPerToggle"/> tokens.</summary>
    public void OnToken(long timestamp, int tokenIndex)
    {
        if (++_sinceToggle < TokensPerToggle) return;
        _sinceToggle = 0;
        Drive(_level == PinValue.High ? PinValue.Low : PinValue.High);
    }

    /// <summary>Drives the pin low.</summary>
    public void OnEnd(long timestamp, int generatedTokens) => Drive(PinValue.Low);

    private void Drive(PinValue value)
    {
        _level = value;
        _write[0] = new PinValuePair(_line, value);
        _controller.Write(_write);
    }

    /// <summary>Drives the pin low and closes it (and the controller, when owned).</summary>
    public void Dispose()
    {
        if (_controller.IsPinOpen(_line))
        {
            _controller.Write(_line, PinValue.Low);
            _controller.ClosePin(_line);
        }
        if (_ownsController) _controller.Dispose();
    }
}
