namespace EdgeMmf.Device.Tests.Simulation;

/// <summary>
/// An INA219's register file as the datasheet (SBOS448G, 8.5-8.6) describes it. Tests set the physical
/// inputs with <see cref="Convert"/>, which performs one conversion: shunt register = shunt voltage / 10 µV
/// (clipped at the PGA range), bus register = bus voltage / 4 mV in bits 15-3, current = shunt x Cal / 4096,
/// power = current x bus / 5000, CNVR set; OVF set when current or power leave their registers.
/// Reading Power clears CNVR, as does writing a conversion mode to Configuration.
/// </summary>
internal sealed class SimulatedIna219 : SimulatedInaRegisterFile
{
    public const ushort PowerOnConfiguration = 0x399F;

    private bool _conversionReady;
    private bool _overflow;

    public ushort Configuration { get; private set; } = PowerOnConfiguration;
    public ushort Calibration { get; private set; }
    public short ShuntRegister { get; private set; }
    public ushort BusRegister { get; private set; }
    public ushort PowerRegister { get; private set; }
    public short CurrentRegister { get; private set; }

    public double ShuntMicrovolts { get; private set; }
    public double BusMillivolts { get; private set; }

    public void Convert(double shuntMicrovolts, double busMillivolts)
    {
        ShuntMicrovolts = shuntMicrovolts;
        BusMillivolts = busMillivolts;
        Recompute();
        _conversionReady = true;
    }

    private void Recompute()
    {
        int gain = (Configuration >> 11) & 0b11; // PG: ±40 mV x 2^gain
        int shuntLimit = 4000 << gain;
        ShuntRegister = (short)Math.Clamp((int)Math.Round(ShuntMicrovolts / 10.0), -shuntLimit, shuntLimit);
        int bus = Math.Clamp((int)Math.Round(BusMillivolts / 4.0), 0, 0x1FFF);
        long current = (long)ShuntRegister * Calibration / 4096;
        long power = Math.Abs(current) * bus / 5000;
        _overflow = current is > short.MaxValue or < short.MinValue || power > ushort.MaxValue;
        CurrentRegister = (short)Math.Clamp(current, short.MinValue, short.MaxValue);
        PowerRegister = (ushort)Math.Min(power, ushort.MaxValue);
        BusRegister = (ushort)(bus << 3);
    }

    protected override void WriteRegister(byte pointer, ushort value)
    {
        switch (pointer)
        {
            case 0x00 when (value & 0x8000) != 0:
                Configuration = PowerOnConfiguration;
                Calibration = 0;
                Recompute();
                _conversionReady = false;
                break;
            case 0x00:
                Configuration = value;
                if ((value & 0b111) is not 0 and not 4)
                {
                    _conversionReady = false;
                }
                break;
            case 0x05:
                Calibration = (ushort)(value & 0xFFFE); // FS0 is void (datasheet 8.6.3.5)
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
            0x02 => (ushort)(BusRegister | (_conversionReady ? 0b10 : 0) | (_overflow ? 0b1 : 0)),
            0x03 => PowerRegister,
            0x04 => (ushort)CurrentRegister,
            0x05 => Calibration,
            _ => 0,
        };
        if (pointer == 0x03)
        {
            _conversionReady = false;
        }
        return value;
    }
}
