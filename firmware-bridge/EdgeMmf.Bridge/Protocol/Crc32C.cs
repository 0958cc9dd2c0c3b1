using System.Buffers.Binary;
using System.Numerics;

namespace EdgeMmf.Bridge.Protocol;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF),
/// the check value of every bridge frame. Chosen over CRC-32 (IEEE 802.3) because it detects more
/// error patterns at our frame lengths (larger Hamming distance, Koopman 2002) and both ends have it
/// in hardware: SSE4.2 and the ARMv8 CRC32 extension (Raspberry Pi 5's Cortex-A76) on the host,
/// one LFSR with a different tap set on the FPGA. Check value: "123456789" -> 0xE3069283.
/// </summary>
public static class Crc32C
{
    /// <summary>The CRC-32C of <paramref name="data"/>, as the frame header and trailer carry it (written little-endian).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(~0u, data);

    /// <summary>Continues a raw (not inverted) running CRC over <paramref name="data"/>.</summary>
    private static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        // BitOperations.Crc32C is the raw CRC step (crc32c instruction or a table fallback).
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }
}
