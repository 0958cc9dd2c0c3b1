using System.Buffers.Binary;
using System.IO.Hashing;
using EdgeMmf.Runtime.Checkpoints;

namespace EdgeMmf.Runtime.Bundles;

/// <summary>
/// An <c>edgemmf</c> executable with a GGUF model appended: one file to copy to a board (the llamafile idea,
/// for ternary models). The model is mapped from the bundle in place, never copied out.
/// <code>
/// [ executable (RuntimeLength bytes) | zeros up to a 64 KiB boundary | GGUF (GgufLength bytes) | trailer (64 bytes) ]
///
/// trailer:  0  "EDGEMMF\0"        magic
///           8  u32 version (1)    12  u32 reserved (0)
///          16  u64 RuntimeLength  24  u64 GgufOffset (a multiple of 64 KiB)
///          32  u64 GgufLength     40  u64 XxHash3 of the GGUF bytes
///          48  u64 XxHash3 of trailer bytes 0..47
///          56  "BUNDLE\0\0"       end magic; all integers little-endian
/// </code>
/// The GGUF starts on a 64 KiB boundary so that its 32-byte tensor alignment holds in the file and the mapping
/// may start there on kernels with 4, 16 (Raspberry Pi 5) or 64 KiB pages.
/// </summary>
public sealed record ModelBundle(string Path, long RuntimeLength, long GgufOffset, long GgufLength, ulong GgufHash)
{
    /// <summary>The trailer's length in bytes.</summary>
    public const int TrailerBytes = 64;
    /// <summary>The boundary the GGUF part starts on (64 KiB).</summary>
    public const int Alignment = 64 * 1024;
    private const uint Version = 1;
    private static ReadOnlySpan<byte> StartMagic => "EDGEMMF\0"u8;
    private static ReadOnlySpan<byte> EndMagic => "BUNDLE\0\0"u8;

    /// <summary>
    /// The bundle <paramref name="path"/> holds, or null when it is no bundle (a plain executable or any other file).
    /// Throws <see cref="ModelFormatException"/> when it was one and is damaged: a trailer that does not add up,
    /// or an executable followed by bytes that end in no trailer (a bundle cut short).
    /// </summary>
    public static ModelBundle? Find(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        long length = file.Length;
        Span<byte> trailer = stackalloc byte[TrailerBytes];
        if (length >= TrailerBytes)
        {
            file.Position = length - TrailerBytes;
            file.ReadExactly(trailer);
            if (trailer[56..].SequenceEqual(EndMagic)) return Parse(path, length, trailer);
        }
        long? imageEnd = ElfImage.End(file);
        if (imageEnd is long end && length > end)
            throw Damaged(path, $"{length - end:N0} bytes follow the executable image but end in no bundle trailer: the bundle was cut short " +
                "or damaged (copy it again, or make it again with 'edgemmf bundle')");
        return null;
    }

    /// <summary>Checks the model bytes (mapped from the bundle) against the trailer's hash.</summary>
    public unsafe void Verify(byte* gguf)
    {
        if (Hash(gguf, GgufLength) != GgufHash)
            throw Damaged(Path, "the model inside does not match the hash its trailer records: the bundle was altered or damaged " +
                "(copy it again, or make it again with 'edgemmf bundle')");
    }

    /// <summary>Where the model came from, for <c>edgemmf info</c>.</summary>
    public string Describe() => $"bundled in {Path} (GGUF at byte {GgufOffset:N0}, {GgufLength / 1e6:N1} MB, hash verified)";

    /// <summary>Writes <paramref name="outPath"/>: the executable bytes, padding, the GGUF and the trailer, then makes it executable.</summary>
    public static ModelBundle Write(Stream runtime, long runtimeLength, Stream gguf, long ggufLength, string outPath)
    {
        string temporary = outPath + ".tmp";
        long offset = (runtimeLength + Alignment - 1) / Alignment * Alignment;
        var hash = new XxHash3();
        try
        {
            using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                CopyExactly(runtime, output, runtimeLength, null);
                output.Write(new byte[offset - runtimeLength]);
                CopyExactly(gguf, output, ggufLength, hash);
                var bundle = new ModelBundle(outPath, runtimeLength, offset, ggufLength, hash.GetCurrentHashAsUInt64());
                Span<byte> trailer = stackalloc byte[TrailerBytes];
                bundle.Encode(trailer);
                output.Write(trailer);
                output.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                    UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.Move(temporary, outPath, overwrite: true);
            return new ModelBundle(outPath, runtimeLength, offset, ggufLength, hash.GetCurrentHashAsUInt64());
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private void Encode(Span<byte> trailer)
    {
        trailer.Clear();
        StartMagic.CopyTo(trailer);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[8..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(trailer[16..], RuntimeLength);
        BinaryPrimitives.WriteInt64LittleEndian(trailer[24..], GgufOffset);
        BinaryPrimitives.WriteInt64LittleEndian(trailer[32..], GgufLength);
        BinaryPrimitives.WriteUInt64LittleEndian(trailer[40..], GgufHash);
        BinaryPrimitives.WriteUInt64LittleEndian(trailer[48..], XxHash3.HashToUInt64(trailer[..48]));
        EndMagic.CopyTo(trailer[56..]);
    }

    private static ModelBundle Parse(string path, long fileLength, ReadOnlySpan<byte> trailer)
    {
        if (!trailer[..8].SequenceEqual(StartMagic) || BinaryPrimitives.ReadUInt64LittleEndian(trailer[48..]) != XxHash3.HashToUInt64(trailer[..48]))
            throw Damaged(path, "its bundle trailer (the last 64 bytes) is damaged");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(trailer[8..]);
        if (version != Version)
            throw Damaged(path, $"is a version {version} bundle; this edgemmf reads version {Version} (make it again with this edgemmf's 'bundle')");
        long runtimeLength = BinaryPrimitives.ReadInt64LittleEndian(trailer[16..]);
        long offset = BinaryPrimitives.ReadInt64LittleEndian(trailer[24..]);
        long ggufLength = BinaryPrimitives.ReadInt64LittleEndian(trailer[32..]);
        if (runtimeLength <= 0 || offset < runtimeLength || offset % Alignment != 0 || ggufLength <= 0 || offset + ggufLength + TrailerBytes != fileLength)
            throw Damaged(path, $"its trailer places the model at bytes {offset:N0}..{offset + ggufLength:N0} of a {fileLength:N0}-byte file: " +
                "the bundle was cut short or extended after it was made");
        return new ModelBundle(path, runtimeLength, offset, ggufLength, BinaryPrimitives.ReadUInt64LittleEndian(trailer[40..]));
    }

    private static unsafe ulong Hash(byte* data, long length)
    {
        var hash = new XxHash3();
        for (long done = 0; done < length;)
        {
            int chunk = (int)Math.Min(1 << 30, length - done);
            hash.Append(new ReadOnlySpan<byte>(data + done, chunk));
            done += chunk;
        }
        return hash.GetCurrentHashAsUInt64();
    }

    private static void CopyExactly(Stream from, Stream to, long count, XxHash3? hash)
    {
        byte[] buffer = new byte[1 << 20];
        for (long left = count; left > 0;)
        {
            int read = from.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) throw new EndOfStreamException($"the input ended {left:N0} bytes early");
            to.Write(buffer, 0, read);
            hash?.Append(buffer.AsSpan(0, read));
            left -= read;
        }
    }

    private static ModelFormatException Damaged(string path, string problem) => new(path, null, problem + ".");
}
