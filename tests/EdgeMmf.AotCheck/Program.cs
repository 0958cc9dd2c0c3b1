using System.Device.Gpio;
using EdgeMmf.Device.Gpio;
using EdgeMmf.Device.Ina2xx;
using EdgeMmf.Device.Tests.Simulation;

// Each line: what was read through the AOT-compiled code, what the simulated chip was set to, and the tolerance
// the unit tests use. Exit code 1 on any miss, so a member trimmed away or a reflection path that breaks under
// NativeAOT fails CI instead of a board.
int failures = 0;

void Check(string what, double actual, double expected, double tolerance)
{
    bool ok = Math.Abs(actual - expected) <= tolerance;
    if (!ok) failures++;
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}: {actual:F3} (expected {expected:F3} ± {tolerance:F3})");
}

var ina219 = new SimulatedIna219();
using (var sensor = new Ina2xxPowerSensor(new Ina2xxSensorSettings { Chip = "ina219" }, new SimulatedI2cBus().Attach(0x40, ina219).CreateDevice(0x40), ownsDevice: true))
{
    ina219.Convert(shuntMicrovolts: 80_000, busMillivolts: 5_100);
    var mw = new double[1];
    sensor.Read(mw);
    Check("INA219 (Iot.Device.Adc.Ina219.ReadPower, UnitsNet Power) mW", mw[0], 5.1 * 800, 4);
}

var ina226 = new SimulatedIna226();
using (var chip = new Ina226(new SimulatedI2cBus().Attach(0x45, ina226).CreateDevice(0x45)))
{
    chip.Calibrate(0.01, 8);
    ina226.Convert(shuntMicrovolts: 20_000, busMillivolts: 12_000);
    Check("INA226 ElectricPotential V", chip.ReadBusVoltage().Volts, 12, 0.00125);
    Check("INA226 ElectricCurrent A", chip.ReadCurrent().Amperes, 2, 8 / 32768.0);
    Check("INA226 Power W", (double)chip.ReadPower().Watts, 24, 2 * 25 * 8 / 32768.0 + 0.0025);
}

var ina260 = new SimulatedIna260();
using (var chip = new Ina260(new SimulatedI2cBus().Attach(0x40, ina260).CreateDevice(0x40)))
{
    ina260.Convert(milliamps: 1_500, busMillivolts: 5_000);
    Check("INA260 ElectricCurrent mA", chip.ReadCurrent().Milliamperes, 1_500, 1.25);
    Check("INA260 Power mW", (double)chip.ReadPower().Milliwatts, 7_500, 10);
}

var gpio = new SimulatedGpioDriver();
using (var pin = new GpioMarkPin(new GpioController(gpio), 17, tokensPerToggle: 1, ownsController: true))
{
    pin.OnPrefillStart(1, 8);
    for (int i = 0; i < 3; i++) pin.OnToken(2 + i, i);
    pin.OnEnd(9, 3);
}
string levels = string.Join("", gpio.Writes.Select(w => w.Value == PinValue.High ? '1' : '0'));
Check($"GPIO trigger levels {levels} (open, prefill, 3 tokens, end, dispose)", levels == "0101000" ? 1 : 0, 1, 0);

Console.WriteLine(failures == 0 ? "aot check: all members EdgeMmf calls ran" : $"aot check: {failures} failed");
return failures == 0 ? 0 : 1;
