using System.Buffers.Binary;

namespace EdgeMmf.Bridge.Protocol;

/// <summary>
/// The device's counters as ReadCounters returns them: eleven u64 values in this order
/// (docs/bridge-protocol.md, "ReadCounters"). They survive Reset; they restart at power-up.
/// </summary>
public readonly record struct DeviceCounters(
    long FramesReceived,
    long FramesSent,
    long CrcErrors,
    long Retransmissions,
    long Runs,
    long Vectors,
    long TernaryAdditions,
    long ResidentBytes,
    long ComputeNanoseconds,
    long BytesReceived,
    long BytesSent)
{
    public const int EncodedBytes = 11 * sizeof(long);

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, FramesReceived);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], FramesSent);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], CrcErrors);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], Retransmissions);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], Runs);
        BinaryPrimitives.WriteInt64LittleEndian(destination[40..], Vectors);
        BinaryPrimitives.WriteInt64LittleEndian(destination[48..], TernaryAdditions);
        BinaryPrimitives.WriteInt64LittleEndian(destination[56..], ResidentBytes);
        BinaryPrimitives.WriteInt64LittleEndian(destination[64..], ComputeNanoseconds);
        BinaryPrimitives.WriteInt64LittleEndian(destination[72..], BytesReceived);
        BinaryPrimitives.WriteInt64LittleEndian(destination[80..], BytesSent);
    }

    public static DeviceCounters Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadInt64LittleEndian(source),
        BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[16..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[24..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[32..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[40..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[48..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[56..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[64..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[72..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[80..]));
}
