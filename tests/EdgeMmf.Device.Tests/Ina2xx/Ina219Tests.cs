using EdgeMmf.Device.I2c;
using EdgeMmf.Device.Ina2xx;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.Ina2xx;

[TestClass]
public sealed class Ina219Tests
{
    private static (Ina219 Chip, SimulatedIna219 Simulated) Attach()
    {
        var simulated = new SimulatedIna219();
        var bus = new SimulatedI2cBus().Attach(0x40, simulated);
        return (new Ina219(bus, 0x40), simulated);
    }

    [TestMethod]
    public void ConfigurationToRegister_DatasheetDefaults_IsPowerOnValue0x399F()
    {
        var defaults = new Ina219Configuration(Ina219BusVoltageRange.Range32Volts, Ina219ShuntGain.PlusMinus320Millivolts,
            Ina219AdcSetting.Bits12, Ina219AdcSetting.Bits12, Ina2xxOperatingMode.ShuntAndBusContinuous);

        Assert.AreEqual(SimulatedIna219.PowerOnConfiguration, defaults.ToRegister());
    }

    [TestMethod]
    public void Configure_ThenReadConfiguration_RoundTripsEveryField()
    {
        var (chip, simulated) = Attach();
        var configuration = new Ina219Configuration(Ina219BusVoltageRange.Range16Volts, Ina219ShuntGain.PlusMinus80Millivolts,
            Ina219AdcSetting.Samples4, Ina219AdcSetting.Samples128, Ina2xxOperatingMode.ShuntVoltageTriggered);

        chip.Configure(configuration);

        Assert.AreEqual(configuration, chip.ReadConfiguration());
        Assert.AreEqual(configuration.ToRegister(), simulated.Configuration);
    }

    [TestMethod]
    public void Calibrate_TenthOhmAndOneHundredMicroampLsb_WritesDatasheetCalibration4096()
    {
        var (chip, simulated) = Attach();

        chip.Calibrate(shuntOhms: 0.1, maxExpectedAmps: 32768 * 100e-6); // Current_LSB = 100 µA

        Assert.AreEqual(4096, simulated.Calibration); // 0.04096 / (100 µA x 0.1 Ω)
        Assert.AreEqual(100e-6, chip.CurrentLsbAmps, 1e-12);
    }

    [TestMethod]
    public void ReadCurrentAndPower_FiftyMillivoltsOnTenthOhmAtFiveVolts_GiveHalfAmpAndTwoAndAHalfWatts()
    {
        var (chip, simulated) = Attach();
        chip.Calibrate(0.1, 3.2);
        simulated.Convert(shuntMicrovolts: 50_000, busMillivolts: 5_000);

        Assert.AreEqual(50_000, chip.ReadShuntVoltageMicrovolts(), 10);
        Assert.AreEqual(5_000, chip.ReadBusVoltage().Millivolts, 4);
        Assert.AreEqual(500, chip.ReadCurrentMilliamps(), chip.CurrentLsbAmps * 1000);
        // The chip truncates current, then power: allow two power LSBs (20 Current_LSB each).
        Assert.AreEqual(2_500, chip.ReadPowerMilliwatts(), 2 * 20 * chip.CurrentLsbAmps * 1000);
    }

    [TestMethod]
    public void ReadCurrent_ReverseCurrent_IsNegative()
    {
        var (chip, simulated) = Attach();
        chip.Calibrate(0.1, 3.2);
        simulated.Convert(shuntMicrovolts: -20_000, busMillivolts: 5_000);

        Assert.AreEqual(-200, chip.ReadCurrentMilliamps(), chip.CurrentLsbAmps * 1000);
    }

    [TestMethod]
    public void ConversionReady_SetByConversion_ClearedByReadingPower()
    {
        var (chip, simulated) = Attach();
        chip.Calibrate(0.1, 3.2);
        chip.Configure(new Ina219Configuration());
        Assert.IsFalse(chip.ReadBusVoltage().ConversionReady);

        simulated.Convert(10_000, 3_300);
        Assert.IsTrue(chip.ReadBusVoltage().ConversionReady);
        chip.ReadPowerMilliwatts();

        Assert.IsFalse(chip.ReadBusVoltage().ConversionReady);
    }

    [TestMethod]
    public void MathOverflow_CurrentBeyondCalibratedRange_IsFlagged()
    {
        var (chip, simulated) = Attach();
        chip.Calibrate(0.1, 0.4); // 400 mA range
        simulated.Convert(shuntMicrovolts: 200_000, busMillivolts: 5_000); // 2 A

        Assert.IsTrue(chip.ReadBusVoltage().MathOverflow);
    }

    [TestMethod]
    public void Reset_AfterCalibration_ClearsCalibrationAndRefusesCurrentReads()
    {
        var (chip, simulated) = Attach();
        chip.Calibrate(0.1, 3.2);

        chip.Reset();

        Assert.AreEqual(0, simulated.Calibration);
        Assert.AreEqual(SimulatedIna219.PowerOnConfiguration, simulated.Configuration);
        Assert.ThrowsExactly<InvalidOperationException>(() => chip.ReadCurrentMilliamps());
    }

    [TestMethod]
    public void Calibrate_ShuntTooSmallForRange_ThrowsNamingBothValues()
    {
        var (chip, _) = Attach();

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => chip.Calibrate(0.0001, 0.01));
        StringAssert.Contains(e.Message, "0.0001");
    }

    [TestMethod]
    public void ReadBusVoltage_NoDeviceAtAddress_ThrowsBusException()
    {
        var chip = new Ina219(new SimulatedI2cBus(), 0x41);

        Assert.ThrowsExactly<I2cBusException>(() => chip.ReadBusVoltage());
    }
}
