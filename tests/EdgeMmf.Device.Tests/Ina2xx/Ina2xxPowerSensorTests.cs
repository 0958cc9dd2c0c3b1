using EdgeMmf.Device.Ina2xx;
using EdgeMmf.Device.Sampling;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.Ina2xx;

[TestClass]
public sealed class Ina2xxPowerSensorTests
{
    [TestMethod]
    public void Read_Ina219_IsBusVoltageTimesCurrent()
    {
        var simulated = new SimulatedIna219();
        var settings = new Ina2xxSensorSettings { Chip = "ina219", Bus = 1, Address = "0x40", ShuntOhms = 0.1, MaxCurrentAmps = 3.2, Rail = "5V_IN" };
        using var sensor = new Ina2xxPowerSensor(settings, new SimulatedI2cBus().Attach(0x40, simulated).CreateDevice(0x40), ownsDevice: true);
        simulated.Convert(shuntMicrovolts: 80_000, busMillivolts: 5_100); // 800 mA
        var values = new double[1];

        sensor.Read(values);

        Assert.AreEqual("ina219@i2c-1:0x40", sensor.Name);
        Assert.AreEqual("5V_IN", sensor.Rails[0].Name);
        Assert.AreEqual(5.1 * 800, values[0], 5.1 * 1000 * 3.2 / 32768 + 4 * 0.8);
    }

    [TestMethod]
    public void Read_Ina219Overflow_GivesNaNForThatSample()
    {
        var simulated = new SimulatedIna219();
        var settings = new Ina2xxSensorSettings { Chip = "ina219", ShuntOhms = 0.1, MaxCurrentAmps = 0.4 };
        using var sensor = new Ina2xxPowerSensor(settings, new SimulatedI2cBus().Attach(0x40, simulated).CreateDevice(0x40), ownsDevice: true);
        simulated.Convert(shuntMicrovolts: 300_000, busMillivolts: 5_000);
        var values = new double[1];

        sensor.Read(values);

        Assert.IsTrue(double.IsNaN(values[0]));
    }

    [TestMethod]
    public void Read_Ina226_IsBusVoltageTimesCurrent()
    {
        var simulated = new SimulatedIna226();
        var settings = new Ina2xxSensorSettings { Chip = "INA226", Address = "0x45", ShuntOhms = 0.01, MaxCurrentAmps = 8 };
        using var sensor = new Ina2xxPowerSensor(settings, new SimulatedI2cBus().Attach(0x45, simulated).CreateDevice(0x45), ownsDevice: true);
        simulated.Convert(shuntMicrovolts: 20_000, busMillivolts: 12_000); // 2 A
        var values = new double[1];

        sensor.Read(values);

        Assert.AreEqual(24_000, values[0], 12 * 1000 * 8 / 32768.0 + 1.25 * 2);
    }

    [TestMethod]
    public void Read_Ina260_IsBusVoltageTimesCurrentWithoutCalibration()
    {
        var simulated = new SimulatedIna260();
        var settings = new Ina2xxSensorSettings { Chip = "ina260", Address = "0x40" };
        using var sensor = new Ina2xxPowerSensor(settings, new SimulatedI2cBus().Attach(0x40, simulated).CreateDevice(0x40), ownsDevice: true);
        simulated.Convert(milliamps: 1_500, busMillivolts: 5_000);
        var values = new double[1];

        sensor.Read(values);

        Assert.AreEqual(7_500, values[0], 5 * 1.25 + 1.5 * 1.25);
    }

    [TestMethod]
    public void Constructor_Ina226NamedButIna219Answers_ThrowsSayingTheIdDoesNotMatch()
    {
        var settings = new Ina2xxSensorSettings { Chip = "ina226", Address = "0x40" };

        var e = Assert.ThrowsExactly<PowerSensorException>(() => new Ina2xxPowerSensor(settings, new SimulatedI2cBus().Attach(0x40, new SimulatedIna219()).CreateDevice(0x40), ownsDevice: true));
        StringAssert.Contains(e.Message, "does not identify as an INA226");
    }

    [TestMethod]
    public void Read_DeviceUnpluggedMidRun_ThrowsSensorException()
    {
        var bus = new SimulatedI2cBus().Attach(0x40, new SimulatedIna219());
        using var sensor = new Ina2xxPowerSensor(new Ina2xxSensorSettings(), bus.CreateDevice(0x40), ownsDevice: true);
        bus.Detach(0x40);

        var e = Assert.ThrowsExactly<PowerSensorException>(() => sensor.Read(new double[1]));
        StringAssert.Contains(e.Message, "ina219@i2c-1:0x40");
    }

    [TestMethod]
    public void Constructor_AveragingAndConversionTime_AreWrittenToTheConfigurationRegister()
    {
        var ina219 = new SimulatedIna219();
        var ina226 = new SimulatedIna226();
        var bus = new SimulatedI2cBus().Attach(0x40, ina219).Attach(0x41, ina226);

        using var first = new Ina2xxPowerSensor(new Ina2xxSensorSettings { Chip = "ina219", Address = "0x40", Averaging = 128 }, bus.CreateDevice(0x40), ownsDevice: false);
        using var second = new Ina2xxPowerSensor(new Ina2xxSensorSettings { Chip = "ina226", Address = "0x41", Averaging = 64, ConversionTimeMicroseconds = 588 }, bus.CreateDevice(0x41), ownsDevice: false);

        Assert.AreEqual(Ina219AdcSetting.Samples128, Ina219Configuration.FromRegister(ina219.Configuration).ShuntAdc);
        Ina226Configuration configuration = Ina226Configuration.FromRegister(ina226.Configuration);
        Assert.AreEqual(Ina226Averaging.Samples64, configuration.Averaging);
        Assert.AreEqual(Ina226ConversionTime.Microseconds588, configuration.BusConversionTime);
        Assert.AreEqual(Ina226ConversionTime.Microseconds588, configuration.ShuntConversionTime);
    }

    [TestMethod]
    public void Ina226Configuration_UnsupportedAveraging_ThrowsListingTheChoices()
    {
        var e = Assert.ThrowsExactly<FormatException>(() => new Ina2xxSensorSettings { Chip = "ina226", Averaging = 8 }.Ina226Configuration());
        StringAssert.Contains(e.Message, "1, 4, 16, 64");
    }

    [TestMethod]
    public void ParseAddress_NotASevenBitAddress_ThrowsFormatExceptionWithExample()
    {
        var e = Assert.ThrowsExactly<FormatException>(() => new Ina2xxSensorSettings { Address = "0x80" }.ParseAddress());
        StringAssert.Contains(e.Message, "0x40");
    }
}
