using System.Buffers.Binary;

namespace EdgeMmf.Runtime.Speech;

/// <summary>
/// Minimal RIFF/WAVE PCM handling: read the format and data of a file espeak-ng wrote, append several
/// such clips into one file, and compute a file's duration.
/// </summary>
public sealed class WavFile
{
    /// <summary>Channels per frame.</summary>
    public required int Channels { get; init; }
    /// <summary>Frames per second.</summary>
    public required int SampleRate { get; init; }
    /// <summary>Bits per sample.</summary>
    public required int BitsPerSample { get; init; }
    /// <summary>The PCM samples.</summary>
    public required byte[] Data { get; init; }

    /// <summary>The clip's length in seconds.</summary>
    public double DurationSeconds => Data.Length / (double)(SampleRate * Channels * BitsPerSample / 8);

    /// <summary>Reads a PCM WAV file.</summary>
    public static WavFile Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> b = bytes;
        if (b.Length < 12 || !b[..4].SequenceEqual("RIFF"u8) || !b[8..12].SequenceEqual("WAVE"u8))
            throw new InvalidDataException($"{path}: not a RIFF/WAVE file.");
        int channels = 0, rate = 0, bits = 0;
        byte[]? data = null;
        int at = 12;
        while (at + 8 <= b.Length)
        {
            ReadOnlySpan<byte> id = b.Slice(at, 4);
            int size = BinaryPrimitives.ReadInt32LittleEndian(b[(at + 4)..]);
            // espeak-ng writes 0x7FFFFFFF-ish sizes when it streams to a pipe; clamp to what is there.
            int available = Math.Min(size < 0 ? int.MaxValue : size, b.Length - at - 8);
            if (id.SequenceEqual("fmt "u8))
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(b[(at + 10)..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(b[(at + 12)..]);
                bits = BinaryPrimitives.ReadInt16LittleEndian(b[(at + 22)..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                data = b.Slice(at + 8, available).ToArray();
            }
            at += 8 + available + (available & 1);
        }
        if (data is null || channels == 0 || rate == 0 || bits == 0) throw new InvalidDataException($"{path}: no PCM format or data chunk.");
        return new WavFile { Channels = channels, SampleRate = rate, BitsPerSample = bits, Data = data };
    }

    /// <summary>Writes the clips one after another as one PCM file (they must share a format).</summary>
    public static void WriteConcatenated(string path, IReadOnlyList<WavFile> clips)
    {
        if (clips.Count == 0) throw new ArgumentException("no audio to write");
        WavFile first = clips[0];
        long dataLength = 0;
        foreach (WavFile clip in clips)
        {
            if (clip.Channels != first.Channels || clip.SampleRate != first.SampleRate || clip.BitsPerSample != first.BitsPerSample)
                throw new InvalidDataException("speech clips differ in format and cannot be joined");
            dataLength += clip.Data.Length;
        }
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], (int)(36 + dataLength));
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1);   // PCM
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], (short)first.Channels);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], first.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], first.SampleRate * first.Channels * first.BitsPerSample / 8);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], (short)(first.Channels * first.BitsPerSample / 8));
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], (short)first.BitsPerSample);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], (int)dataLength);
        stream.Write(header);
        foreach (WavFile clip in clips) stream.Write(clip.Data);
    }
}
