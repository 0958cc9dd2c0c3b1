namespace EdgeMmf.Device.Tests.Simulation;

/// <summary>
/// An INA260's register file (datasheet SBOS656C): current LSB 1.25 mA, bus LSB 1.25 mV, power LSB 10 mW,
/// computed by the chip from its internal shunt. <see cref="Convert"/> performs one conversion and sets
/// CVRF; reading Mask/Enable clears it. ID registers answer 0x5449 / 0x2270.
/// </summary>
internal sealed class SimulatedIna260 : SimulatedInaRegisterFile
{
    public const ushort PowerOnConfiguration = 0x6127;

    private ushort _maskEnable;
    private short _current;
    private ushort _bus, _power;

    public ushort Configuration { get; private set; } = PowerOnConfiguration;

    public void Convert(double milliamps, double busMillivolts)
    {
        _current = (short)Math.Clamp((int)Math.Round(milliamps / 1.25), short.MinValue, short.MaxValue);
        _bus = (ushort)Math.Clamp((int)Math.Round(busMillivolts / 1.25), 0, 0x7FFF);
        _power = (ushort)Math.Min(Math.Abs(milliamps) * busMillivolts / 1000.0 / 10.0, ushort.MaxValue);
        _maskEnable |= 1 << 3;
    }

    protected override void WriteRegister(byte pointer, ushort value)
    {
        if (pointer != 0x00) return;
        Configuration = (value & 0x8000) != 0 ? PowerOnConfiguration : (ushort)(value & 0x0FFF | 0x6000);
        _maskEnable = (ushort)(_maskEnable & ~(1 << 3));
    }

    protected override ushort ReadRegister(byte pointer)
    {
        ushort value = pointer switch
        {
            0x00 => Configuration,
            0x01 => (ushort)_current,
            0x02 => _bus,
            0x03 => _power,
            0x06 => _maskEnable,
            0xFE => 0x5449,
            0xFF => 0x2270,
            _ => 0,
        };
        if (pointer == 0x06) _maskEnable = (ushort)(_maskEnable & ~(1 << 3));
        return value;
    }
}
