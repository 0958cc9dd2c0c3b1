using System.Buffers.Binary;
using System.Device.I2c;

namespace EdgeMmf.Device.Ina2xx;

/// <summary>
/// The register protocol all INA2xx parts share: a write sets the register pointer; 16-bit
/// registers travel most-significant byte first (INA219 datasheet 8.5.1, INA226 7.5.1).
/// </summary>
internal static class Ina2xxRegisterAccess
{
    public static ushort Read(I2cDevice device, byte register)
    {
        Span<byte> pointer = [register];
        Span<byte> value = stackalloc byte[2];
        device.WriteRead(pointer, value);
        return BinaryPrimitives.ReadUInt16BigEndian(value);
    }

    public static void Write(I2cDevice device, byte register, ushort value)
    {
        Span<byte> data = [register, (byte)(value >> 8), (byte)value];
        device.Write(data);
    }
}
