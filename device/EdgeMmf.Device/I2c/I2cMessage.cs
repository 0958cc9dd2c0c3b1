using System.Runtime.InteropServices;

namespace EdgeMmf.Device.I2c;

/// <summary>
/// <c>struct i2c_msg</c> from linux/i2c.h: <c>__u16 addr; __u16 flags; __u16 len; __u8 *buf;</c>.
/// Natural alignment pads it to 16 bytes on 64-bit kernels and 12 on 32-bit ones, as C does.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct I2cMessage
{
    /// <summary>I2C_M_RD: this message reads from the device.</summary>
    public const ushort ReadFlag = 0x0001;

    public ushort Address;
    public ushort Flags;
    public ushort Length;
    public byte* Buffer;
}
