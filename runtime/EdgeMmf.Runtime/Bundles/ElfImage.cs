using System.Buffers.Binary;

namespace EdgeMmf.Runtime.Bundles;

/// <summary>
/// The extent of an ELF executable inside its file: the end of its last section or segment. Bytes past it
/// were appended afterwards (a model bundle); knowing where the image ends lets a bundle whose trailer was cut
/// off be told apart from a plain executable.
/// </summary>
public static class ElfImage
{
    private static ReadOnlySpan<byte> Magic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>"x86-64", "aarch64", ... for a 64-bit little-endian ELF file's header; null for anything else.</summary>
    public static string? Machine(ReadOnlySpan<byte> header)
    {
        if (header.Length < 64 || !header[..4].SequenceEqual(Magic) || header[4] != 2 || header[5] != 1) return null;
        return BinaryPrimitives.ReadUInt16LittleEndian(header[18..]) switch
        {
            62 => "x86-64",
            183 => "aarch64",
            ushort other => $"ELF machine {other}",
        };
    }

    /// <summary>
    /// Where a 64-bit little-endian ELF image ends in <paramref name="file"/>: the furthest of the section header
    /// table, every section's bytes and every segment's file bytes. Null when the file is not such an ELF file.
    /// </summary>
    public static long? End(FileStream file)
    {
        Span<byte> header = stackalloc byte[64];
        file.Position = 0;
        if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || Machine(header) is null) return null;
        long programHeaders = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[32..]);
        long sectionHeaders = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[40..]);
        int programEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[54..]);
        int programCount = BinaryPrimitives.ReadUInt16LittleEndian(header[56..]);
        int sectionEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[58..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(header[60..]);

        long end = Math.Max(64, sectionHeaders + (long)sectionCount * sectionEntrySize);
        Span<byte> entry = stackalloc byte[64];
        for (int k = 0; k < programCount && programEntrySize >= 40; k++)
        {
            if (!ReadEntry(file, programHeaders + (long)k * programEntrySize, entry[..40])) return null;
            long offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);
            long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]);
            end = Math.Max(end, offset + size);
        }
        for (int k = 0; k < sectionCount && sectionEntrySize >= 64; k++)
        {
            if (!ReadEntry(file, sectionHeaders + (long)k * sectionEntrySize, entry)) return null;
            const uint NoBits = 8; // SHT_NOBITS (.bss) has no bytes in the file
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]) == NoBits) continue;
            long offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]);
            long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]);
            end = Math.Max(end, offset + size);
        }
        return end;
    }

    private static bool ReadEntry(FileStream file, long offset, Span<byte> entry)
    {
        if (offset < 0 || offset + entry.Length > file.Length) return false;
        file.Position = offset;
        return file.ReadAtLeast(entry, entry.Length, throwOnEndOfStream: false) == entry.Length;
    }
}
