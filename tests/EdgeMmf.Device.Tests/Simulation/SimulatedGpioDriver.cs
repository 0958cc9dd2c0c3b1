using System.Device.Gpio;

namespace EdgeMmf.Device.Tests.Simulation;

/// <summary>
/// A GPIO chip in memory behind <see cref="GpioController"/>: records every level written (line, value, time)
/// and lets a test drive input lines; <see cref="WaitForEvent"/> wakes on a rising or falling edge that
/// <see cref="Drive"/> makes from another thread, or times out with the token. Writes do not allocate once a
/// line's record list has room (tests give it <see cref="Reserve"/>).
/// </summary>
internal sealed class SimulatedGpioDriver : GpioDriver
{
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _levels = [];
    private readonly object _edge = new();

    public List<(int Line, PinValue Value)> Writes { get; } = [];

    public int EdgeWaits { get; private set; }

    /// <summary>Set once a <see cref="WaitForEvent"/> caller has read the level it waits to change: an edge driven after it is seen.</summary>
    public ManualResetEventSlim Waiting { get; } = new();

    public void Reserve(int writes) => Writes.Capacity = Math.Max(Writes.Capacity, writes);

    /// <summary>Sets an input line's level as the outside world would, waking a waiter on a matching edge.</summary>
    public void Drive(int line, PinValue value)
    {
        lock (_edge)
        {
            _levels[line] = value;
            Monitor.PulseAll(_edge);
        }
    }

    public PinValue Level(int line) => _levels.TryGetValue(line, out PinValue value) ? value : PinValue.Low;

    protected override int PinCount => 64;

    protected override void OpenPin(int pinNumber) => _modes[pinNumber] = PinMode.Input;

    protected override void ClosePin(int pinNumber) => _modes.Remove(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode) => _modes[pinNumber] = mode;

    protected override PinMode GetPinMode(int pinNumber) => _modes[pinNumber];

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber)
    {
        lock (_edge) return Level(pinNumber);
    }

    protected override void Toggle(int pinNumber) => Write(pinNumber, Level(pinNumber) == PinValue.High ? PinValue.Low : PinValue.High);

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_edge) _levels[pinNumber] = value;
        Writes.Add((pinNumber, value));
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        EdgeWaits++;
        lock (_edge)
        {
            PinValue before = Level(pinNumber);
            Waiting.Set();
            while (!cancellationToken.IsCancellationRequested)
            {
                Monitor.Wait(_edge, 5);
                PinValue now = Level(pinNumber);
                if (before == PinValue.Low && now == PinValue.High && eventTypes.HasFlag(PinEventTypes.Rising))
                    return new WaitForEventResult { EventTypes = PinEventTypes.Rising, TimedOut = false };
                if (before == PinValue.High && now == PinValue.Low && eventTypes.HasFlag(PinEventTypes.Falling))
                    return new WaitForEventResult { EventTypes = PinEventTypes.Falling, TimedOut = false };
                before = now;
            }
        }
        return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("the simulated chip has no callbacks; EdgeMmf waits with WaitForEvent");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) { }

    public override GpioChipInfo GetChipInfo() => new(0, "simulated", "edgemmf-tests", PinCount);
}
