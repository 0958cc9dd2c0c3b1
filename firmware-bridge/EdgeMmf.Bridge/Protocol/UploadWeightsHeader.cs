using System.Buffers.Binary;

namespace EdgeMmf.Bridge.Protocol;

/// <summary>
/// The fixed part of an UploadWeights payload; the chunk's packed bytes follow it.
/// <code>
///   0  u16 slot            8  u32 padded columns    16 u32 byte offset of this chunk
///   2  u8  packing format 12  f32 weight scale s_w  20 u32 total bytes (rows * row bytes)
///   3  u8  reserved                                  24 chunk bytes ...
///   4  u32 rows
/// </code>
/// Chunks are written at their offset, so a retransmitted chunk is harmless; the slot becomes
/// resident when the bytes received reach the total. The response payload is
/// u32 bytes received so far + u8 resident (1 or 0) + 3 reserved.
/// </summary>
/// <param name="Slot">The slot to fill, 0 to <see cref="DeviceCapabilities.ResidentSlots"/> - 1 (u16).</param>
/// <param name="Format">How the chunk bytes are packed; v1 has <see cref="PackingFormat.Tq2_0"/> only.</param>
/// <param name="Rows">Output rows of the matrix.</param>
/// <param name="PaddedColumns">Input columns, a multiple of 256 (the TQ2_0 block).</param>
/// <param name="WeightScale">The matrix's weight scale s_w; results depend on it only in the float32 format.</param>
/// <param name="ByteOffset">Where this chunk goes in the slot's packed rows; 0 starts or restarts the upload.</param>
/// <param name="TotalBytes">Packed bytes of the whole matrix: rows x 66 x columns / 256.</param>
public readonly record struct UploadWeightsHeader(int Slot, PackingFormat Format, int Rows, int PaddedColumns, float WeightScale, int ByteOffset, int TotalBytes)
{
    /// <summary>Length of the fixed part; the chunk starts at this payload offset.</summary>
    public const int EncodedBytes = 24;
    /// <summary>Length of the response payload: u32 bytes received, u8 resident, 3 reserved.</summary>
    public const int ResponseBytes = 8;

    /// <summary>Encodes the 24-byte layout above into <paramref name="destination"/>, the reserved byte zero.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)Slot);
        destination[2] = (byte)Format;
        destination[3] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], Rows);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], PaddedColumns);
        BinaryPrimitives.WriteSingleLittleEndian(destination[12..], WeightScale);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], ByteOffset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], TotalBytes);
    }

    /// <summary>Decodes the 24-byte layout above from the start of <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="source"/> is shorter than <see cref="EncodedBytes"/>.</exception>
    public static UploadWeightsHeader Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(source),
        (PackingFormat)source[2],
        BinaryPrimitives.ReadInt32LittleEndian(source[4..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[8..]),
        BinaryPrimitives.ReadSingleLittleEndian(source[12..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[16..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[20..]));
}
