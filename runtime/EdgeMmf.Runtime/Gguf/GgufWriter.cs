using System.Buffers.Binary;
using System.Text;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// Writes a GGUF version 3 file as a stream: header, metadata, tensor infos with offsets computed up
/// front from each tensor's declared type and shape, then each tensor's bytes from a callback, in order,
/// padded to <see cref="Alignment"/>. Only the metadata is held in memory, never tensor data, so a 2.7B
/// model converts in a few megabytes. The file appears under its name only when complete (written to
/// a temporary name beside it, then moved).
/// </summary>
public sealed class GgufWriter
{
    /// <summary>64 rather than GGUF's default 32: every tensor then starts on a cache line and AVX-512 loads are aligned.</summary>
    public const int EdgeMmfAlignment = 64;

    private readonly List<KeyValuePair<string, GgufValue>> _metadata = [];
    private readonly List<PendingTensor> _tensors = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>A writer whose tensors start at multiples of <paramref name="alignment"/> bytes (a power of two).</summary>
    public GgufWriter(int alignment = EdgeMmfAlignment)
    {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0 || alignment > GgufReader.MaxAlignment)
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "alignment must be a power of two.");
        Alignment = alignment;
        Add("general.alignment", GgufValue.UInt32((uint)alignment));
    }

    /// <summary>The data-section alignment in bytes.</summary>
    public int Alignment { get; }

    /// <summary>Adds one metadata key (keys are unique; general.alignment is set by the constructor).</summary>
    public GgufWriter Add(string key, GgufValue value)
    {
        foreach (KeyValuePair<string, GgufValue> kv in _metadata)
            if (kv.Key == key) throw new ArgumentException($"metadata key {key} is already set.", nameof(key));
        _metadata.Add(new(key, value));
        return this;
    }

    /// <summary>
    /// Declares a tensor of ggml dimensions <paramref name="ne"/> (ne[0] = elements per row) and type;
    /// <paramref name="writeData"/> must write exactly its size in bytes when <c>Write</c> calls it.
    /// Tensors are placed (and their callbacks run) by ascending <paramref name="section"/>, then in declaration
    /// order: putting what a loader reads first together keeps the pages it touches few and contiguous.
    /// </summary>
    public GgufWriter AddTensor(string name, long[] ne, GgmlType type, Action<Stream> writeData, int section = 0)
    {
        if (!_names.Add(name)) throw new ArgumentException($"tensor {name} is already declared.", nameof(name));
        if (Encoding.UTF8.GetByteCount(name) > GgufReader.MaxTensorNameBytes)
            throw new ArgumentException($"tensor name {name} is longer than ggml's {GgufReader.MaxTensorNameBytes} bytes.", nameof(name));
        if (ne.Length is 0 or > GgufReader.MaxDimensions) throw new ArgumentException($"{name}: ggml tensors have 1 to 4 dimensions.", nameof(ne));
        if (!GgmlTypeTable.TryGet((uint)type, out int blockSize, out int typeSize)) throw new ArgumentException($"{name}: unknown ggml type {type}.", nameof(type));
        if (ne[0] % blockSize != 0) throw new ArgumentException($"{name}: ne[0] = {ne[0]} is not a multiple of the {type} block size {blockSize}.", nameof(ne));
        long bytes = ne[0] / blockSize * typeSize;
        for (int d = 1; d < ne.Length; d++) bytes = checked(bytes * ne[d]);
        _tensors.Add(new PendingTensor(name, (long[])ne.Clone(), type, bytes, writeData, section, _tensors.Count));
        return this;
    }

    /// <summary>Bytes the file will have (header, padding and data), known before anything is written.</summary>
    public long FileLength
    {
        get
        {
            long data = 0;
            foreach (PendingTensor t in Placed()) data = ByteAlignment.Up(data, Alignment) + t.Bytes;
            return ByteAlignment.Up(HeaderLength(), Alignment) + data;
        }
    }

    /// <summary>Writes the file; <paramref name="progress"/> (if any) is told each tensor's name and the bytes written so far.</summary>
    public void Write(string path, Action<string, long, long>? progress = null)
    {
        string temporary = $"{path}.{Environment.ProcessId}.partial";   // per process: two converting at once do not collide
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Write(file, progress);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes the file to a seekable or forward-only stream.</summary>
    public void Write(Stream output, Action<string, long, long>? progress = null)
    {
        long total = FileLength;
        List<PendingTensor> placed = Placed();
        var header = new MemoryStream();
        WriteUInt32(header, GgufReader.Magic);
        WriteUInt32(header, GgufReader.SupportedVersion);
        WriteUInt64(header, (ulong)_tensors.Count);
        WriteUInt64(header, (ulong)_metadata.Count);
        foreach (KeyValuePair<string, GgufValue> kv in _metadata)
        {
            WriteString(header, kv.Key);
            WriteUInt32(header, (uint)kv.Value.Type);
            WriteValue(header, kv.Value);
        }
        long offset = 0;
        foreach (PendingTensor t in placed)
        {
            offset = ByteAlignment.Up(offset, Alignment);
            WriteString(header, t.Name);
            WriteUInt32(header, (uint)t.Ne.Length);
            foreach (long d in t.Ne) WriteUInt64(header, (ulong)d);
            WriteUInt32(header, (uint)t.Type);
            WriteUInt64(header, (ulong)offset);
            offset += t.Bytes;
        }
        Pad(header, header.Length);
        header.Position = 0;
        header.CopyTo(output);
        long written = header.Length;

        long dataOffset = 0;
        foreach (PendingTensor t in placed)
        {
            long padded = ByteAlignment.Up(dataOffset, Alignment);
            WriteZeros(output, padded - dataOffset);
            var counter = new CountingStream(output);
            t.WriteData(counter);
            if (counter.Count != t.Bytes)
                throw new InvalidOperationException($"{t.Name}: the data callback wrote {counter.Count} bytes; a {t.Type} tensor of shape [{string.Join(", ", t.Ne)}] is {t.Bytes} bytes.");
            dataOffset = padded + t.Bytes;
            written = ByteAlignment.Up(header.Length, Alignment) + dataOffset;
            progress?.Invoke(t.Name, written, total);
        }
    }

    private long HeaderLength()
    {
        var counter = new CountingStream(Stream.Null);
        WriteUInt64(counter, 0); WriteUInt64(counter, 0); WriteUInt64(counter, 0);
        foreach (KeyValuePair<string, GgufValue> kv in _metadata)
        {
            WriteString(counter, kv.Key);
            WriteUInt32(counter, 0);
            WriteValue(counter, kv.Value);
        }
        foreach (PendingTensor t in _tensors)
        {
            WriteString(counter, t.Name);
            WriteUInt32(counter, 0);
            foreach (long _ in t.Ne) WriteUInt64(counter, 0);
            WriteUInt32(counter, 0);
            WriteUInt64(counter, 0);
        }
        return counter.Count;   // the three u64 stand for magic + version (8 bytes) and the two counts (16)
    }

    private void Pad(Stream stream, long length) => WriteZeros(stream, ByteAlignment.Up(length, Alignment) - length);

    private static void WriteZeros(Stream stream, long count)
    {
        Span<byte> zeros = stackalloc byte[256];
        zeros.Clear();
        while (count > 0)
        {
            int n = (int)Math.Min(count, zeros.Length);
            stream.Write(zeros[..n]);
            count -= n;
        }
    }

    private static void WriteValue(Stream stream, GgufValue value)
    {
        switch (value.Type)
        {
            case GgufValueType.Array:
                WriteUInt32(stream, (uint)value.ElementType);
                WriteUInt64(stream, (ulong)value.Length);
                WriteArrayElements(stream, value);
                break;
            default:
                WriteScalar(stream, value.Raw);
                break;
        }
    }

    private static void WriteArrayElements(Stream stream, GgufValue value)
    {
        switch (value.Raw)
        {
            case string[] strings: foreach (string s in strings) WriteString(stream, s); break;
            case GgufValue[] arrays:
                foreach (GgufValue inner in arrays)
                {
                    WriteUInt32(stream, (uint)inner.ElementType);
                    WriteUInt64(stream, (ulong)inner.Length);
                    WriteArrayElements(stream, inner);
                }
                break;
            case bool[] bools: foreach (bool b in bools) stream.WriteByte(b ? (byte)1 : (byte)0); break;
            case Array array:
                foreach (object element in array) WriteScalar(stream, element);
                break;
        }
    }

    private static void WriteScalar(Stream stream, object value)
    {
        Span<byte> buffer = stackalloc byte[8];
        switch (value)
        {
            case byte v: stream.WriteByte(v); break;
            case sbyte v: stream.WriteByte((byte)v); break;
            case bool v: stream.WriteByte(v ? (byte)1 : (byte)0); break;
            case ushort v: BinaryPrimitives.WriteUInt16LittleEndian(buffer, v); stream.Write(buffer[..2]); break;
            case short v: BinaryPrimitives.WriteInt16LittleEndian(buffer, v); stream.Write(buffer[..2]); break;
            case uint v: BinaryPrimitives.WriteUInt32LittleEndian(buffer, v); stream.Write(buffer[..4]); break;
            case int v: BinaryPrimitives.WriteInt32LittleEndian(buffer, v); stream.Write(buffer[..4]); break;
            case float v: BinaryPrimitives.WriteSingleLittleEndian(buffer, v); stream.Write(buffer[..4]); break;
            case ulong v: BinaryPrimitives.WriteUInt64LittleEndian(buffer, v); stream.Write(buffer); break;
            case long v: BinaryPrimitives.WriteInt64LittleEndian(buffer, v); stream.Write(buffer); break;
            case double v: BinaryPrimitives.WriteDoubleLittleEndian(buffer, v); stream.Write(buffer); break;
            case string s: WriteString(stream, s); break;
            default: throw new InvalidOperationException($"cannot write a {value.GetType().Name} as a GGUF scalar.");
        }
    }

    private static void WriteString(Stream stream, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        WriteUInt64(stream, (ulong)bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteUInt32(Stream stream, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        stream.Write(b);
    }

    private static void WriteUInt64(Stream stream, ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        stream.Write(b);
    }

    private sealed record PendingTensor(string Name, long[] Ne, GgmlType Type, long Bytes, Action<Stream> WriteData, int Section, int Index);

    /// <summary>The tensors in file order: by section, then declaration (a stable order).</summary>
    private List<PendingTensor> Placed()
    {
        var placed = new List<PendingTensor>(_tensors);
        placed.Sort((a, b) => a.Section != b.Section ? a.Section.CompareTo(b.Section) : a.Index.CompareTo(b.Index));
        return placed;
    }

    /// <summary>Forwards writes and counts them, so a callback that writes the wrong amount is caught at once.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Count;
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Count += buffer.Length;
        }
        public override void WriteByte(byte value)
        {
            inner.WriteByte(value);
            Count++;
        }
    }
}
