using EdgeMmf.Device.Ina2xx;
using EdgeMmf.Device.Tests.Simulation;
using Iot.Device.Adc;
using Ina219ShuntGain = EdgeMmf.Device.Ina2xx.Ina219ShuntGain;
using Ina219Binding = Iot.Device.Adc.Ina219;

namespace EdgeMmf.Device.Tests.Ina2xx;

/// <summary>
/// dotnet/iot's INA219 binding against <see cref="SimulatedIna219"/>, plus the pieces EdgeMmf adds around it:
/// the calibration arithmetic and the whole configuration register (the binding's shunt-ADC setter is wrong).
/// </summary>
[TestClass]
public sealed class Ina219Tests
{
    private static (Ina219Binding Chip, SimulatedIna219 Simulated) Attach()
    {
        var simulated = new SimulatedIna219();
        return (new Ina219Binding(new SimulatedI2cBus().Attach(0x40, simulated).CreateDevice(0x40)), simulated);
    }

    [TestMethod]
    public void ConfigurationToRegister_DatasheetDefaults_IsPowerOnValue0x399F()
    {
        var defaults = new Ina219Configuration(EdgeMmf.Device.Ina2xx.Ina219BusVoltageRange.Range32Volts, Ina219ShuntGain.PlusMinus320Millivolts,
            Ina219AdcSetting.Bits12, Ina219AdcSetting.Bits12, Ina2xxOperatingMode.ShuntAndBusContinuous);

        Assert.AreEqual(SimulatedIna219.PowerOnConfiguration, defaults.ToRegister());
    }

    [TestMethod]
    public void ConfigurationFromRegister_OfToRegister_RoundTripsEveryField()
    {
        var configuration = new Ina219Configuration(EdgeMmf.Device.Ina2xx.Ina219BusVoltageRange.Range16Volts, Ina219ShuntGain.PlusMinus80Millivolts,
            Ina219AdcSetting.Samples4, Ina219AdcSetting.Samples128, Ina2xxOperatingMode.ShuntVoltageTriggered);

        Assert.AreEqual(configuration, Ina219Configuration.FromRegister(configuration.ToRegister()));
    }

    [TestMethod]
    public void Calibration_TenthOhmAndOneHundredMicroampLsb_IsDatasheetValue4096()
    {
        Ina219Calibration calibration = Ina219Calibration.For(shuntOhms: 0.1, maxExpectedAmps: 32768 * 100e-6, address: 0x40);

        Assert.AreEqual((ushort)4096, calibration.Register); // 0.04096 / (100 µA x 0.1 Ω)
        Assert.AreEqual(100e-6, calibration.CurrentLsbAmps, 1e-12);
    }

    [TestMethod]
    public void Calibration_ShuntTooSmallForRange_ThrowsNamingBothValues()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ina219Calibration.For(0.0001, 0.01, 0x40));
        StringAssert.Contains(e.Message, "0.0001");
    }

    [TestMethod]
    public void BindingReads_FiftyMillivoltsOnTenthOhmAtFiveVolts_GiveFiveVoltsAndTwoAndAHalfWatts()
    {
        var (chip, simulated) = Attach();
        chip.Reset();
        Ina219Calibration calibration = Ina219Calibration.For(0.1, 3.2, 0x40);
        chip.SetCalibration(calibration.Register, (float)calibration.CurrentLsbAmps);
        simulated.Convert(shuntMicrovolts: 50_000, busMillivolts: 5_000);

        Assert.AreEqual(calibration.Register, simulated.Calibration);
        Assert.AreEqual(5.0, chip.ReadBusVoltage().Volts, 0.004);
        // The chip truncates current, then power: allow two power LSBs (20 Current_LSB each).
        Assert.AreEqual(2.5, (double)chip.ReadPower().Watts, 2 * 20 * calibration.CurrentLsbAmps);
    }

    [TestMethod]
    public void BindingReadCurrent_ReverseCurrent_IsReadUnsigned_SoTheSensorUsesThePowerRegister()
    {
        // Iot.Device.Bindings 4.2.0 reads the current register as unsigned: -200 mA comes back as ~+6.2 A.
        // Ina2xxPowerSensor therefore reports the (unsigned, magnitude) power register. If this fails, the
        // binding was fixed and the sensor may use bus voltage x current again.
        var (chip, simulated) = Attach();
        chip.Reset();
        Ina219Calibration calibration = Ina219Calibration.For(0.1, 3.2, 0x40);
        chip.SetCalibration(calibration.Register, (float)calibration.CurrentLsbAmps);
        simulated.Convert(shuntMicrovolts: -20_000, busMillivolts: 5_000);

        Assert.IsGreaterThan(0.0, chip.ReadCurrent().Amperes);
    }

    [TestMethod]
    public void BindingShuntAdcSetter_WritesOutsideTheSadcBits_SoTheSensorWritesTheWholeRegister()
    {
        // SADC is bits 6-3 (datasheet 8.6.2.1); Iot.Device.Bindings 4.2.0 shifts the (already positioned) value
        // left by four more. If this fails, the binding was fixed and its property can replace the raw write.
        var (chip, simulated) = Attach();
        chip.Reset();

        chip.ShuntAdcResolutionOrSamples = Ina219AdcResolutionOrSamples.Adc16Sample;

        Assert.AreNotEqual(Ina219AdcSetting.Samples16, Ina219Configuration.FromRegister(simulated.Configuration).ShuntAdc);
    }

    [TestMethod]
    public void BindingReadBusVoltage_NoDeviceAtAddress_ThrowsIOException()
    {
        var chip = new Ina219Binding(new SimulatedI2cBus().CreateDevice(0x41));

        Assert.ThrowsExactly<IOException>(() => chip.ReadBusVoltage());
    }
}
