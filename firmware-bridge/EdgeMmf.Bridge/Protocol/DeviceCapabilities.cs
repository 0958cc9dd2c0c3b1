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
/// <param name="ProtocolVersion">
/// The device's bridge protocol version; the host refuses any but <see cref="FrameLayout.ProtocolVersion"/>.
/// </param>
/// <param name="MaxRows">Most output rows of one resident matrix.</param>
/// <param name="MaxColumns">Most padded columns of one resident matrix (a multiple of 256).</param>
/// <param name="ResidentSlots">Slots numbered 0 to ResidentSlots - 1.</param>
/// <param name="ResidentBytes">Weight memory in bytes, shared by all slots (TQ2_0 bytes: 66 per 256 weights).</param>
/// <param name="PackingFormats">Bit set of <see cref="PackingFormat"/>; every v1 device sets bit 0 (TQ2_0).</param>
/// <param name="ResultFormats">Bit set of <see cref="ResultFormat"/>; every v1 device sets bit 0 (int32).</param>
/// <param name="ClockHz">Fabric clock in Hz, as the device reports it; the host does not use it.</param>
/// <param name="MaxPayloadBytes">Largest payload of one frame, request or response.</param>
/// <param name="MaxVectorsPerRun">Most activation vectors T in one Run (a u16 on the wire).</param>
/// <param name="MaxMatricesPerRun">Most slots M in one Run (a u16 on the wire; M itself is a u8 in the Run header).</param>
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
    /// <summary>Length of the Hello response payload that carries the capabilities.</summary>
    public const int EncodedBytes = 40;

    /// <summary>Whether bit <c>(int)<paramref name="format"/></c> of <see cref="PackingFormats"/> is set.</summary>
    public bool Supports(PackingFormat format) => (PackingFormats & (1 << (int)format)) != 0;

    /// <summary>Whether bit <c>(int)<paramref name="format"/></c> of <see cref="ResultFormats"/> is set.</summary>
    public bool Supports(ResultFormat format) => (ResultFormats & (1 << (int)format)) != 0;

    /// <summary>Encodes the 40-byte layout above into <paramref name="destination"/>, reserved bytes zero (what a device sends).</summary>
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

    /// <summary>Decodes the 40-byte layout above from the start of <paramref name="source"/> (a Hello response payload).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="source"/> is shorter than <see cref="EncodedBytes"/>.</exception>
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
