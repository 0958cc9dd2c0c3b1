using System.Buffers.Binary;

namespace EdgeMmf.Bridge.Protocol;

/// <summary>
/// The device's counters as ReadCounters returns them: eleven u64 values in this order
/// (docs/bridge-protocol.md, "ReadCounters"). They survive Reset; they restart at power-up.
/// </summary>
/// <param name="FramesReceived">Frames whose header checked out, including requests that then failed their payload CRC.</param>
/// <param name="FramesSent">Response frames sent, error responses and resends from the cache included.</param>
/// <param name="CrcErrors">Requests whose payload CRC-32C failed (answered with <see cref="BridgeStatus.CrcError"/>).</param>
/// <param name="Retransmissions">Repeated requests (same sequence number and type) answered from the cache without executing.</param>
/// <param name="Runs">Run requests executed.</param>
/// <param name="Vectors">Matrix-vector products computed: T x M summed over Runs.</param>
/// <param name="TernaryAdditions">Adds and subtracts performed (weights of 0 are skipped and not counted).</param>
/// <param name="ResidentBytes">Weight memory allocated to slots now, in bytes.</param>
/// <param name="ComputeNanoseconds">Time spent computing Runs, in ns.</param>
/// <param name="BytesReceived">Bytes of the frames counted in <paramref name="FramesReceived"/>.</param>
/// <param name="BytesSent">Bytes put on the link in responses.</param>
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
    /// <summary>Length of the ReadCounters response payload: 88 bytes.</summary>
    public const int EncodedBytes = 11 * sizeof(long);

    /// <summary>
    /// Encodes the eleven counters as little-endian u64 values into <paramref name="destination"/> (what a device sends).
    /// </summary>
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

    /// <summary>Decodes the eleven counters from the start of <paramref name="source"/> (a ReadCounters response payload).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="source"/> is shorter than <see cref="EncodedBytes"/>.</exception>
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
