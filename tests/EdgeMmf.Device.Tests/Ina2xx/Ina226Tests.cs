using EdgeMmf.Device.Ina2xx;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.Ina2xx;

[TestClass]
public sealed class Ina226Tests
{
    private static (Ina226 Chip, SimulatedIna226 Simulated) Attach()
    {
        var simulated = new SimulatedIna226();
        return (new Ina226(new SimulatedI2cBus().Attach(0x44, simulated).CreateDevice(0x44)), simulated);
    }

    [TestMethod]
    public void ConfigurationToRegister_DatasheetDefaults_IsPowerOnValue0x4127()
    {
        var defaults = new Ina226Configuration(Ina226Averaging.Samples1, Ina226ConversionTime.Microseconds1100,
            Ina226ConversionTime.Microseconds1100, Ina2xxOperatingMode.ShuntAndBusContinuous);

        Assert.AreEqual(SimulatedIna226.PowerOnConfiguration, defaults.ToRegister());
    }

    [TestMethod]
    public void Configure_ThenReadConfiguration_RoundTripsEveryField()
    {
        var (chip, _) = Attach();
        var configuration = new Ina226Configuration(Ina226Averaging.Samples64, Ina226ConversionTime.Microseconds204,
            Ina226ConversionTime.Microseconds8244, Ina2xxOperatingMode.BusVoltageContinuous);

        chip.Configure(configuration);

        Assert.AreEqual(configuration, chip.ReadConfiguration());
    }

    [TestMethod]
    public void IsIna226_IdRegisters_Match()
    {
        var (chip, _) = Attach();

        Assert.IsTrue(chip.IsIna226());
    }

    [TestMethod]
    public void Calibrate_TenthOhmAndOneHundredMicroampLsb_WritesDatasheetCalibration512()
    {
        var (chip, simulated) = Attach();

        chip.Calibrate(0.1, 32768 * 100e-6);

        Assert.AreEqual(512, simulated.Calibration); // 0.00512 / (100 µA x 0.1 Ω)
    }

    [TestMethod]
    public void ReadCurrentAndPower_TwentyFiveMillivoltsOnTenthOhmAtTwelveVolts_GiveQuarterAmpAndThreeWatts()
    {
        var (chip, simulated) = Attach();
        chip.Calibrate(0.1, 2.0);
        simulated.Convert(shuntMicrovolts: 25_000, busMillivolts: 12_000);

        Assert.AreEqual(25_000, chip.ReadShuntVoltage().Microvolts, 2.5);
        Assert.AreEqual(12_000, chip.ReadBusVoltage().Millivolts, 1.25);
        Assert.AreEqual(250, chip.ReadCurrent().Milliamperes, chip.CurrentLsbAmps * 1000);
        // The chip truncates current, then power: allow two power LSBs (25 Current_LSB each).
        Assert.AreEqual(3_000, (double)chip.ReadPower().Milliwatts, 2 * 25 * chip.CurrentLsbAmps * 1000);
    }

    [TestMethod]
    public void ConversionReady_SetByConversion_ClearedByReadingStatus()
    {
        var (chip, simulated) = Attach();
        chip.Calibrate(0.1, 2.0);
        simulated.Convert(1_000, 5_000);

        Assert.IsTrue(chip.ReadStatus().ConversionReady);
        Assert.IsFalse(chip.ReadStatus().ConversionReady);
    }

    [TestMethod]
    public void MathOverflow_CurrentBeyondCalibratedRange_IsFlagged()
    {
        var (chip, simulated) = Attach();
        chip.Calibrate(0.1, 0.2);
        simulated.Convert(shuntMicrovolts: 80_000, busMillivolts: 5_000); // 800 mA on a 200 mA range

        Assert.IsTrue(chip.ReadStatus().MathOverflow);
    }
}
