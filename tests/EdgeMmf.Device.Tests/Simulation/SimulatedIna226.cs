namespace EdgeMmf.Device.Tests.Simulation;

/// <summary>
/// An INA226's register file (datasheet SBOS547A, 7.5-7.6): shunt LSB 2.5 µV, bus LSB 1.25 mV,
/// current = shunt x CAL / 2048, power = current x bus / 20000. <see cref="Convert"/> performs one
/// conversion and sets CVRF in Mask/Enable; reading Mask/Enable clears CVRF. OVF is set when current
/// or power leave their registers. ID registers answer 0x5449 / 0x2260.
/// </summary>
internal sealed class SimulatedIna226 : SimulatedInaRegisterFile
{
    public const ushort PowerOnConfiguration = 0x4127;

    private ushort _maskEnable;

    public ushort Configuration { get; private set; } = PowerOnConfiguration;
    public ushort Calibration { get; private set; }
    public short ShuntRegister { get; private set; }
    public ushort BusRegister { get; private set; }
    public ushort PowerRegister { get; private set; }
    public short CurrentRegister { get; private set; }

    private double _shuntMicrovolts, _busMillivolts;

    public void Convert(double shuntMicrovolts, double busMillivolts)
    {
        _shuntMicrovolts = shuntMicrovolts;
        _busMillivolts = busMillivolts;
        Recompute();
        _maskEnable |= 1 << 3;
    }

    private void Recompute()
    {
        ShuntRegister = (short)Math.Clamp((int)Math.Round(_shuntMicrovolts / 2.5), short.MinValue, short.MaxValue);
        BusRegister = (ushort)Math.Clamp((int)Math.Round(_busMillivolts / 1.25), 0, 0x7FFF);
        long current = (long)ShuntRegister * Calibration / 2048;
        long power = Math.Abs(current) * BusRegister / 20000;
        bool overflow = current is > short.MaxValue or < short.MinValue || power > ushort.MaxValue;
        _maskEnable = (ushort)(overflow ? _maskEnable | (1 << 2) : _maskEnable & ~(1 << 2));
        CurrentRegister = (short)Math.Clamp(current, short.MinValue, short.MaxValue);
        PowerRegister = (ushort)Math.Min(power, ushort.MaxValue);
    }

    protected override void WriteRegister(byte pointer, ushort value)
    {
        switch (pointer)
        {
            case 0x00 when (value & 0x8000) != 0:
                Configuration = PowerOnConfiguration;
                Calibration = 0;
                _maskEnable = 0;
                Recompute();
                break;
            case 0x00:
                Configuration = (ushort)(value & 0x0FFF | 0x4000);
                _maskEnable = (ushort)(_maskEnable & ~(1 << 3));
                break;
            case 0x05:
                Calibration = (ushort)(value & 0x7FFF);
                Recompute();
                break;
        }
    }

    protected override ushort ReadRegister(byte pointer)
    {
        ushort value = pointer switch
        {
            0x00 => Configuration,
            0x01 => (ushort)ShuntRegister,
            0x02 => BusRegister,
            0x03 => PowerRegister,
            0x04 => (ushort)CurrentRegister,
            0x05 => Calibration,
            0x06 => _maskEnable,
            0xFE => 0x5449,
            0xFF => 0x2260,
            _ => 0,
        };
        if (pointer == 0x06)
        {
            _maskEnable = (ushort)(_maskEnable & ~(1 << 3));
        }
        return value;
    }
}
