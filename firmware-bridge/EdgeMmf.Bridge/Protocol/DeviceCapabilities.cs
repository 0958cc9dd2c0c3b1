using System.Buffers.Binary;

namespace EdgeMmf.Bridge.Protocol;

/// <summary>
/// What a device reports in its Hello response (docs/bridge-protocol.md, "Hello").
/// <code>
///   0  u16 protocol version     8  u32 max columns         28 u32 clock (Hz)
///   2  u16 reserved            12  u32 resident slots      32 u32 max payload bytes
///   4  u32 max rows            16  u64 resident bytes      36 u16 max vectors per Run
///                              24  u16 packing formats     38 u16 max matrices per Run
///                              26  u16 result formats      40 (end)
/// </code>
/// Formats are bit sets: bit <c>(int)PackingFormat</c> / <c>(int)ResultFormat</c>.
/// </summary>
public readonly record struct DeviceCapabilities(
    ushort ProtocolVersion,
    int MaxRows,
    int MaxColumns,
    int ResidentSlots,
    long ResidentBytes,
    ushort PackingFormats,
    ushort ResultFormats,
    int ClockHz,
    int MaxPayloadBytes,
    int MaxVectorsPerRun,
    int MaxMatricesPerRun)
{
    public const int EncodedBytes = 40;

    public bool Supports(PackingFormat format) => (PackingFormats & (1 << (int)format)) != 0;
    public bool Supports(ResultFormat format) => (ResultFormats & (1 << (int)format)) != 0;

    public void Write(Span<byte> destination)
    {
        destination[..EncodedBytes].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(destination, ProtocolVersion);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], MaxRows);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], MaxColumns);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], ResidentSlots);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], ResidentBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[24..], PackingFormats);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[26..], ResultFormats);
        BinaryPrimitives.WriteInt32LittleEndian(destination[28..], ClockHz);
        BinaryPrimitives.WriteInt32LittleEndian(destination[32..], MaxPayloadBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[36..], (ushort)MaxVectorsPerRun);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[38..], (ushort)MaxMatricesPerRun);
    }

    public static DeviceCapabilities Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(source),
        BinaryPrimitives.ReadInt32LittleEndian(source[4..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[8..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[12..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[16..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[24..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[26..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[28..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[32..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[36..]),
        BinaryPrimitives.ReadUInt16LittleEndian(source[38..]));
}
