using EdgeMmf.Device.Ina2xx;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.Ina2xx;

[TestClass]
public sealed class Ina260Tests
{
    private static (Ina260 Chip, SimulatedIna260 Simulated) Attach()
    {
        var simulated = new SimulatedIna260();
        return (new Ina260(new SimulatedI2cBus().Attach(0x40, simulated).CreateDevice(0x40)), simulated);
    }

    [TestMethod]
    public void Reads_TwoAmpsAtTwelveVolts_UseTheFixedLsbs()
    {
        var (chip, simulated) = Attach();
        simulated.Convert(milliamps: 2_000, busMillivolts: 12_000);

        Assert.AreEqual(2_000, chip.ReadCurrent().Milliamperes, 1.25);
        Assert.AreEqual(12_000, chip.ReadBusVoltage().Millivolts, 1.25);
        Assert.AreEqual(24_000, (double)chip.ReadPower().Milliwatts, 10);
    }

    [TestMethod]
    public void ReadCurrent_ReverseCurrent_IsNegative()
    {
        var (chip, simulated) = Attach();
        simulated.Convert(milliamps: -500, busMillivolts: 5_000);

        Assert.AreEqual(-500, chip.ReadCurrent().Milliamperes, 1.25);
    }

    [TestMethod]
    public void IsIna260_IdRegisters_MatchAndAnIna226DoesNot()
    {
        var (chip, _) = Attach();
        var ina226AtSameAddress = new Ina260(new SimulatedI2cBus().Attach(0x40, new SimulatedIna226()).CreateDevice(0x40));

        Assert.IsTrue(chip.IsIna260());
        Assert.IsFalse(ina226AtSameAddress.IsIna260());
    }

    [TestMethod]
    public void ConversionReady_SetByConversion_ClearedByReadingStatus()
    {
        var (chip, simulated) = Attach();
        simulated.Convert(100, 5_000);

        Assert.IsTrue(chip.ReadStatus().ConversionReady);
        Assert.IsFalse(chip.ReadStatus().ConversionReady);
    }

    [TestMethod]
    public void Configure_ThenReadConfiguration_RoundTripsEveryField()
    {
        var (chip, _) = Attach();
        var configuration = new Ina226Configuration(Ina226Averaging.Samples16, Ina226ConversionTime.Microseconds588,
            Ina226ConversionTime.Microseconds332, Ina2xxOperatingMode.ShuntAndBusTriggered);

        chip.Configure(configuration);

        Assert.AreEqual(configuration, chip.ReadConfiguration());
    }
}
