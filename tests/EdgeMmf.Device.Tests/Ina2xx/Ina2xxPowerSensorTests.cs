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
        using var sensor = new Ina2xxPowerSensor(settings, new SimulatedI2cBus().Attach(0x40, simulated), ownsBus: true);
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
        using var sensor = new Ina2xxPowerSensor(settings, new SimulatedI2cBus().Attach(0x40, simulated), ownsBus: true);
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
        using var sensor = new Ina2xxPowerSensor(settings, new SimulatedI2cBus().Attach(0x45, simulated), ownsBus: true);
        simulated.Convert(shuntMicrovolts: 20_000, busMillivolts: 12_000); // 2 A
        var values = new double[1];

        sensor.Read(values);

        Assert.AreEqual(24_000, values[0], 12 * 1000 * 8 / 32768.0 + 1.25 * 2);
    }

    [TestMethod]
    public void Constructor_Ina226NamedButIna219Answers_ThrowsSayingTheIdDoesNotMatch()
    {
        var settings = new Ina2xxSensorSettings { Chip = "ina226", Address = "0x40" };

        var e = Assert.ThrowsExactly<PowerSensorException>(() => new Ina2xxPowerSensor(settings, new SimulatedI2cBus().Attach(0x40, new SimulatedIna219()), ownsBus: true));
        StringAssert.Contains(e.Message, "does not identify as an INA226");
    }

    [TestMethod]
    public void Read_DeviceUnpluggedMidRun_ThrowsSensorException()
    {
        var bus = new SimulatedI2cBus().Attach(0x40, new SimulatedIna219());
        using var sensor = new Ina2xxPowerSensor(new Ina2xxSensorSettings(), bus, ownsBus: true);
        bus.Detach(0x40);

        var e = Assert.ThrowsExactly<PowerSensorException>(() => sensor.Read(new double[1]));
        StringAssert.Contains(e.Message, "ina219@i2c-1:0x40");
    }

    [TestMethod]
    public void ParseAddress_NotASevenBitAddress_ThrowsFormatExceptionWithExample()
    {
        var e = Assert.ThrowsExactly<FormatException>(() => new Ina2xxSensorSettings { Address = "0x80" }.ParseAddress());
        StringAssert.Contains(e.Message, "0x40");
    }
}
