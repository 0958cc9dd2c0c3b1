using System.Runtime.CompilerServices;
using EdgeMmf.Device.I2c;
using EdgeMmf.Device.Tests.Simulation;

namespace EdgeMmf.Device.Tests.I2c;

[TestClass]
public sealed class LinuxI2cBusTests
{
    [TestMethod]
    public void I2cMessage_Size_MatchesKernelStructI2cMsg()
    {
        // __u16 addr, flags, len; __u8 *buf: padded to pointer alignment.
        Assert.AreEqual(IntPtr.Size == 8 ? 16 : 12, Unsafe.SizeOf<I2cMessage>());
    }

    [TestMethod]
    public void I2cReadWriteIoctlData_Size_MatchesKernelStructI2cRdwrIoctlData()
    {
        // struct i2c_msg *msgs; __u32 nmsgs: padded to pointer alignment.
        Assert.AreEqual(IntPtr.Size == 8 ? 16 : 8, Unsafe.SizeOf<I2cReadWriteIoctlData>());
    }

    [TestMethod]
    public void Open_MissingBus_ThrowsWithErrnoAndHowToEnableIt()
    {
        using var dev = new TemporaryDirectory();

        var e = Assert.ThrowsExactly<I2cBusException>(() => LinuxI2cBus.Open(7, dev.Path));

        Assert.AreEqual(2, e.Errno); // ENOENT
        StringAssert.Contains(e.Message, Path.Combine(dev.Path, "i2c-7"));
        StringAssert.Contains(e.Message, "dtparam=i2c_arm=on");
    }

    [TestMethod]
    public void WriteRead_FileThatIsNotAnI2cAdapter_ThrowsWithTheIoctlErrno()
    {
        // A regular file opens, but the I2C_RDWR ioctl on it fails with ENOTTY: the real ioctl path, exercised.
        using var dev = new TemporaryDirectory();
        dev.Write("i2c-3", "");
        using LinuxI2cBus bus = LinuxI2cBus.Open(3, dev.Path);

        var e = Assert.ThrowsExactly<I2cBusException>(() => bus.WriteRead(0x40, [0x00], new byte[2]));

        // ENOTTY from a kernel; ENOSYS where qemu-user runs the test (the ARM test run), since qemu answers an
        // ioctl it does not translate with ENOSYS instead of passing it to the kernel.
        Assert.IsTrue(e.Errno is 25 or 38, $"errno {e.Errno}: {e.Message}");
        StringAssert.Contains(e.Message, $"errno {e.Errno}");
        StringAssert.Contains(e.Message, "0x40");
    }

    [TestMethod]
    public void Write_AddressOutsideSevenBitRange_Throws()
    {
        using var dev = new TemporaryDirectory();
        dev.Write("i2c-3", "");
        using LinuxI2cBus bus = LinuxI2cBus.Open(3, dev.Path);

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => bus.Write(0x80, [0x00]));
    }
}
