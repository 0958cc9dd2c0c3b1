using System.Device.Gpio;

namespace EdgeMmf.Bridge.Transports.Spi;

/// <summary>
/// The FPGA board's optional side-band lines next to SPI, through <see cref="GpioController"/>: an active-low
/// reset (<c>reset=</c>), driven high at rest and pulsed low for <see cref="ResetPulse"/>, then given
/// <see cref="ResetSettle"/> to come up; and a ready interrupt (<c>irq=</c>) the firmware raises when a
/// response is waiting, so reads wait on its rising edge instead of clocking idle bytes.
/// </summary>
public sealed class BridgeGpioLines : IDisposable
{
    /// <summary>How long reset is held low: 1 ms.</summary>
    public static readonly TimeSpan ResetPulse = TimeSpan.FromMilliseconds(1);
    /// <summary>How long the firmware gets to come up after reset returns high: 10 ms.</summary>
    public static readonly TimeSpan ResetSettle = TimeSpan.FromMilliseconds(10);

    private readonly GpioController? _reset;
    private readonly int _resetLine;
    private readonly GpioController? _irq;
    private readonly int _irqLine;
    private readonly bool _ownsControllers;
    private CancellationTokenSource _wait = new();

    /// <param name="reset">The controller and line of the reset pin, or null.</param>
    /// <param name="irq">The controller and line of the interrupt pin, or null (the two may share a controller).</param>
    /// <param name="ownsControllers">Whether <see cref="Dispose"/> disposes the controllers too, not just closes the pins.</param>
    public BridgeGpioLines((GpioController Controller, int Line)? reset, (GpioController Controller, int Line)? irq, bool ownsControllers)
    {
        _ownsControllers = ownsControllers;
        if (reset is { } r)
        {
            _reset = r.Controller;
            _resetLine = r.Line;
            _reset.OpenPin(_resetLine, PinMode.Output, PinValue.High);
        }
        if (irq is { } i)
        {
            _irq = i.Controller;
            _irqLine = i.Line;
            _irq.OpenPin(_irqLine, PinMode.Input);
        }
    }

    /// <summary>Whether a reset line was given (<c>reset=</c>).</summary>
    public bool HasReset => _reset is not null;

    /// <summary>Whether a ready-interrupt line was given (<c>irq=</c>).</summary>
    public bool HasInterrupt => _irq is not null;

    /// <summary>Pulses reset low, then waits for the board to come up; nothing without a reset line.</summary>
    public void PulseReset()
    {
        if (_reset is null) return;
        _reset.Write(_resetLine, PinValue.Low);
        Thread.Sleep(ResetPulse);
        _reset.Write(_resetLine, PinValue.High);
        Thread.Sleep(ResetSettle);
    }

    /// <summary>
    /// True once the interrupt line is high (already, or after a rising edge within <paramref name="timeoutMilliseconds"/>);
    /// always true without an interrupt line. The level is checked first, so an edge before the wait is not missed.
    /// </summary>
    public bool WaitForInterrupt(int timeoutMilliseconds)
    {
        if (_irq is null || _irq.Read(_irqLine) == PinValue.High) return true;
        if (!_wait.TryReset())
        {
            _wait.Dispose();
            _wait = new CancellationTokenSource(); // only after a timeout cancelled the last one
        }
        _wait.CancelAfter(Math.Max(timeoutMilliseconds, 0));
        WaitForEventResult result = _irq.WaitForEvent(_irqLine, PinEventTypes.Rising, _wait.Token);
        return !result.TimedOut || _irq.Read(_irqLine) == PinValue.High;
    }

    /// <summary>Closes both pins and, if it owns them, the controllers.</summary>
    public void Dispose()
    {
        _wait.Dispose();
        if (_reset is not null && _reset.IsPinOpen(_resetLine)) _reset.ClosePin(_resetLine);
        if (_irq is not null && _irq.IsPinOpen(_irqLine)) _irq.ClosePin(_irqLine);
        if (_ownsControllers)
        {
            _reset?.Dispose();
            if (!ReferenceEquals(_irq, _reset)) _irq?.Dispose();
        }
    }
}
