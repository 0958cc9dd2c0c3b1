using System.Runtime.InteropServices;

namespace EdgeMmf.Device.I2c;

/// <summary>
/// <c>struct i2c_rdwr_ioctl_data</c> from linux/i2c-dev.h: <c>struct i2c_msg *msgs; __u32 nmsgs;</c>,
/// the argument of the I2C_RDWR ioctl (16 bytes on 64-bit, 8 on 32-bit).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct I2cReadWriteIoctlData
{
    public I2cMessage* Messages;
    public uint MessageCount;
}
