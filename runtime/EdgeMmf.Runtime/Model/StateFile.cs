using System.Buffers.Binary;
using EdgeMmf.Runtime.Checksums;

namespace EdgeMmf.Runtime.Model;

/// <summary>
/// Saves and restores a conversation: a recurrent model's whole context is its L x D state
/// (docs/model-spec.md "One token step"), plus the recent token ids that repetition penalties look at.
/// <code>
///   "EMMFSTAT" | u32 version=1 | u64 model fingerprint | u32 layers | u32 width | i64 position
///   | u32 n, n x i32 recent tokens | layers*width x f32 h | u32 CRC-32 of everything before it
/// </code>
/// Little-endian. A file for another model, a damaged file or a truncated one is refused by name.
/// </summary>
public static class StateFile
{
    private static ReadOnlySpan<byte> Magic => "EMMFSTAT"u8;
    private const uint Version = 1;
    /// <summary>The most recent tokens a file keeps (older ones are dropped on save).</summary>
    public const int MaxRecentTokens = 4096;

    /// <summary>Writes <paramref name="state"/> and the <paramref name="recentTokens"/> to <paramref name="path"/>, tagged with the model's fingerprint.</summary>
    public static void Save(string path, RecurrentState state, ulong modelFingerprint, ReadOnlySpan<int> recentTokens)
    {
        if (recentTokens.Length > MaxRecentTokens) recentTokens = recentTokens[^MaxRecentTokens..];
        int size = 8 + 4 + 8 + 4 + 4 + 8 + 4 + 4 * recentTokens.Length + 4 * state.Layers * state.Width + 4;
        var bytes = new byte[size];
        Span<byte> w = bytes;
        Magic.CopyTo(w);
        int at = 8;
        BinaryPrimitives.WriteUInt32LittleEndian(w[at..], Version); at += 4;
        BinaryPrimitives.WriteUInt64LittleEndian(w[at..], modelFingerprint); at += 8;
        BinaryPrimitives.WriteInt32LittleEndian(w[at..], state.Layers); at += 4;
        BinaryPrimitives.WriteInt32LittleEndian(w[at..], state.Width); at += 4;
        BinaryPrimitives.WriteInt64LittleEndian(w[at..], state.Position); at += 8;
        BinaryPrimitives.WriteInt32LittleEndian(w[at..], recentTokens.Length); at += 4;
        foreach (int token in recentTokens) { BinaryPrimitives.WriteInt32LittleEndian(w[at..], token); at += 4; }
        foreach (float[] h in state.H)
            foreach (float value in h) { BinaryPrimitives.WriteSingleLittleEndian(w[at..], value); at += 4; }
        BinaryPrimitives.WriteUInt32LittleEndian(w[at..], Crc32.HashToUInt32(w[..at]));

        // Through a link, the target is replaced: renaming over the link itself would cut it off from its file.
        string target = FileLinks.FinalTarget(path);
        string temporary = target + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, bytes);   // write then rename: a crash never leaves half a state
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            TryDelete(temporary);
            throw new StateFileException(path, $"cannot be written ({e.Message})", e);
        }
    }

    /// <summary>
    /// Refuses a path a state could not be saved to (missing folder, no permission), by writing and removing
    /// its temporary file: a conversation should not learn that only after its first turn.
    /// </summary>
    public static void CheckWritable(string path)
    {
        string temporary = path + ".tmp";
        try
        {
            if (Directory.Exists(path)) throw new IOException("it is a folder");
            temporary = FileLinks.FinalTarget(path) + ".tmp";
            File.WriteAllBytes(temporary, []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StateFileException(path, $"cannot be written ({e.Message}); give --state a file in a writable folder", e);
        }
        TryDelete(temporary);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException) { }
    }

    /// <summary>Restores <paramref name="state"/> and returns the saved recent tokens.</summary>
    public static int[] Load(string path, RecurrentState state, ulong modelFingerprint)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StateFileException(path, $"cannot be read ({e.Message}).", e);
        }
        ReadOnlySpan<byte> r = bytes;
        if (r.Length < 44 || !r[..8].SequenceEqual(Magic)) throw new StateFileException(path, "is not an EdgeMmf state file.");
        if (BinaryPrimitives.ReadUInt32LittleEndian(r[^4..]) != Crc32.HashToUInt32(r[..^4]))
            throw new StateFileException(path, "is damaged (its checksum does not match).");
        int at = 8;
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(r[at..]); at += 4;
        if (version != Version) throw new StateFileException(path, $"has format version {version}; this EdgeMmf reads version {Version}.");
        ulong fingerprint = BinaryPrimitives.ReadUInt64LittleEndian(r[at..]); at += 8;
        if (fingerprint != modelFingerprint)
            throw new StateFileException(path, "was saved with a different model; a state resumes only on the model that produced it.");
        int layers = BinaryPrimitives.ReadInt32LittleEndian(r[at..]); at += 4;
        int width = BinaryPrimitives.ReadInt32LittleEndian(r[at..]); at += 4;
        if (layers != state.Layers || width != state.Width)
            throw new StateFileException(path, $"holds a [{layers}, {width}] state; the model's is [{state.Layers}, {state.Width}].");
        long position = BinaryPrimitives.ReadInt64LittleEndian(r[at..]); at += 8;
        int recentCount = BinaryPrimitives.ReadInt32LittleEndian(r[at..]); at += 4;
        long expected = at + 4L * recentCount + 4L * layers * width + 4;
        if (recentCount < 0 || recentCount > MaxRecentTokens || expected != r.Length)
            throw new StateFileException(path, "has an inconsistent length; the file is truncated or corrupt.");
        // A state that is NaN or infinite would make every later logit NaN: refuse it before touching the live state.
        for (long k = 0, first = at + 4L * recentCount; k < (long)layers * width; k++)
            if (!float.IsFinite(BinaryPrimitives.ReadSingleLittleEndian(r[(int)(first + 4 * k)..])))
                throw new StateFileException(path, $"holds a non-finite value at layer {k / width}, element {k % width}; the state is unusable.");
        var recent = new int[recentCount];
        for (int k = 0; k < recentCount; k++) { recent[k] = BinaryPrimitives.ReadInt32LittleEndian(r[at..]); at += 4; }
        foreach (float[] h in state.H)
            for (int j = 0; j < h.Length; j++) { h[j] = BinaryPrimitives.ReadSingleLittleEndian(r[at..]); at += 4; }
        state.Position = position;
        return recent;
    }
}

/// <summary>A state file that cannot be restored: another model's, damaged or truncated.</summary>
public sealed class StateFileException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    /// <summary>The file at fault.</summary>
    public string Path { get; } = path;
}
