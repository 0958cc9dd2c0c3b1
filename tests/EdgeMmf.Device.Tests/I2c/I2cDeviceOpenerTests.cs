using EdgeMmf.Device.I2c;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.I2c;

[TestClass]
public sealed class I2cDeviceOpenerTests
{
    [TestMethod]
    public void Open_MissingBus_ThrowsNamingTheDeviceFileAndHowToEnableIt()
    {
        var e = Assert.ThrowsExactly<I2cBusException>(() => I2cDeviceOpener.Open(97, 0x40));

        StringAssert.Contains(e.Message, "/dev/i2c-97");
        StringAssert.Contains(e.Message, "dtparam=i2c_arm=on");
    }

    [TestMethod]
    public void Open_AddressOutsideSevenBitRange_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => I2cDeviceOpener.Open(1, 0x80));
    }

    [TestMethod]
    public void TransferFailed_LibraryIOException_BecomesOneLineNamingBusAddressAndFix()
    {
        var device = new SimulatedI2cBus().CreateDevice(0x44, busId: 3);
        IOException library = Assert.ThrowsExactly<IOException>(() => device.WriteByte(0));

        I2cBusException e = I2cDeviceOpener.TransferFailed(device, library);

        StringAssert.Contains(e.Message, "0x44");
        StringAssert.Contains(e.Message, "/dev/i2c-3");
        StringAssert.Contains(e.Message, "i2cdetect -y 3");
        Assert.AreSame(library, e.InnerException);
    }
}
