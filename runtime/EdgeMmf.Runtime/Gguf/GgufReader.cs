using System.Buffers.Binary;
using System.Text;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// Parses the header of a GGUF version 3 file (ggml docs/gguf.md):
/// <code>
///   u32 magic "GGUF" | u32 version = 3 | u64 tensor_count | u64 metadata_kv_count
///   metadata_kv_count x { string key | u32 value_type | value }
///   tensor_count      x { string name | u32 n_dims | u64 ne[n_dims] | u32 ggml_type | u64 offset }
///   padding to general.alignment | data section (each tensor at data_start + offset)
///   string = u64 byte length + UTF-8 bytes (no NUL); array = u32 element type + u64 count + elements
/// </code>
/// The file is untrusted: every count, length, dimension, offset and size is checked against the bytes
/// that remain, with overflow-checked arithmetic, before anything is allocated or read, so a hostile
/// file costs at most a few times its own size in memory. Every problem is a
/// <see cref="ModelFormatException"/> naming the file, the byte offset, the key or tensor, and what is wrong.
/// </summary>
public sealed unsafe class GgufReader
{
    /// <summary>"GGUF" read as a little-endian u32.</summary>
    public const uint Magic = 0x46554747; // "GGUF" read as a little-endian u32
    /// <summary>The one GGUF version read.</summary>
    public const uint SupportedVersion = 3;
    /// <summary>The alignment when general.alignment is absent.</summary>
    public const int DefaultAlignment = 32;
    /// <summary>ggml's GGML_MAX_DIMS.</summary>
    public const int MaxDimensions = 4;
    /// <summary>ggml's GGML_MAX_NAME (64, including the terminating NUL ggml adds).</summary>
    public const int MaxTensorNameBytes = 63;
    /// <summary>Nested arrays deeper than this are refused (a stack-depth guard; real files nest at most once).</summary>
    public const int MaxArrayDepth = 8;
    /// <summary>The largest general.alignment accepted.</summary>
    public const int MaxAlignment = 1 << 16;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte* _base;
    private readonly long _length;
    private readonly string _path;
    private long _position;
    private string? _item;   // the key or tensor being read, for messages

    private GgufReader(byte* data, long length, string path)
    {
        _base = data;
        _length = length;
        _path = path;
    }

    /// <summary>Parses and checks the header of the <paramref name="length"/> bytes at <paramref name="data"/>.</summary>
    public static GgufContents Read(byte* data, long length, string path) => new GgufReader(data, length, path).ReadContents();

    /// <summary>Parses an in-memory file (tests, fuzzing).</summary>
    public static GgufContents Read(ReadOnlySpan<byte> file, string path)
    {
        fixed (byte* p = file) return Read(p, file.Length, path);
    }

    private GgufContents ReadContents()
    {
        if (_length < 24)
            throw Fail($"is {_length} bytes long; a GGUF header alone is 24 bytes. The file is truncated or not GGUF.");
        uint magic = ReadUInt32();
        if (magic != Magic)
        {
            _position = 0;
            throw Fail($"does not start with the GGUF magic (found bytes {*(_base):X2} {_base[1]:X2} {_base[2]:X2} {_base[3]:X2}); it is not a GGUF file.");
        }
        uint version = ReadUInt32();
        if (version != SupportedVersion)
        {
            _position -= 4;
            throw Fail($"is GGUF version {version}; EdgeMmf reads version {SupportedVersion} (convert again with 'edgemmf convert').");
        }
        long tensorCount = ReadCount(minimumBytesEach: 8 + 1 + 4 + 4 + 8, "tensor_count");
        long kvCount = ReadCount(minimumBytesEach: 8 + 1 + 4 + 1, "metadata_kv_count");

        var metadata = new List<KeyValuePair<string, GgufValue>>((int)Math.Min(kvCount, 1024));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (long k = 0; k < kvCount; k++)
        {
            _item = null;
            long at = _position;
            string key = ReadString("metadata key");
            _item = key;
            if (key.Length == 0) { _position = at; throw Fail("a metadata key is empty."); }
            if (!keys.Add(key)) { _position = at; throw Fail("this key appears twice; GGUF keys are unique."); }
            var type = (GgufValueType)ReadUInt32();
            metadata.Add(new(key, ReadValue(type, depth: 0)));
        }

        _item = "general.alignment";
        int alignment = DefaultAlignment;
        foreach (KeyValuePair<string, GgufValue> kv in metadata)
        {
            if (kv.Key != "general.alignment") continue;
            if (!kv.Value.TryGet(out uint declared))
                throw Fail($"must be a uint32, found {kv.Value.Type}.");
            if (declared == 0 || declared > MaxAlignment || (declared & (declared - 1)) != 0)
                throw Fail($"is {declared}; it must be a power of two up to {MaxAlignment}.");
            alignment = (int)declared;
        }

        var tensors = new List<GgufTensorInfo>((int)Math.Min(tensorCount, 4096));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<(string Name, long[] Ne, uint Type, long Offset, long Size, long At)>((int)Math.Min(tensorCount, 4096));
        for (long t = 0; t < tensorCount; t++)
        {
            _item = null;
            long at = _position;
            string name = ReadString("tensor name");
            _item = name;
            if (name.Length == 0 || Encoding.UTF8.GetByteCount(name) > MaxTensorNameBytes)
            { _position = at; throw Fail($"tensor names must be 1 to {MaxTensorNameBytes} bytes (ggml's GGML_MAX_NAME)."); }
            if (!names.Add(name)) { _position = at; throw Fail("this tensor name appears twice."); }
            uint dimensionCount = ReadUInt32();
            if (dimensionCount == 0 || dimensionCount > MaxDimensions)
            { _position -= 4; throw Fail($"has {dimensionCount} dimensions; ggml tensors have 1 to {MaxDimensions}."); }
            var ne = new long[dimensionCount];
            for (int d = 0; d < ne.Length; d++)
            {
                ulong value = ReadUInt64();
                if (value > long.MaxValue) { _position -= 8; throw Fail($"dimension {d} is {value}, beyond int64."); }
                ne[d] = (long)value;
            }
            uint type = ReadUInt32();
            if (!GgmlTypeTable.TryGet(type, out int blockSize, out int typeSize))
            { _position -= 4; throw Fail($"has ggml type id {type}, which ggml does not define."); }
            if (ne[0] % blockSize != 0)
            { _position -= 4; throw Fail($"has ne[0] = {ne[0]}, not a multiple of the {GgmlTypeTable.Name(type)} block size {blockSize}."); }
            long size = TensorBytes(ne, blockSize, typeSize);
            ulong offset = ReadUInt64();
            if (offset > long.MaxValue || (long)offset % alignment != 0)
            { _position -= 8; throw Fail($"has data offset {offset}, which is not a multiple of the alignment {alignment}."); }
            pending.Add((name, ne, type, (long)offset, size, _position - 8));
        }

        _item = null;
        long dataStart = ByteAlignment.Up(_position, alignment);
        if (dataStart > _length)
            throw Fail($"the data section would start at byte {dataStart}, past the end of the {_length}-byte file; the file is truncated.");
        long dataLength = _length - dataStart;
        foreach (var p in pending)
        {
            _item = p.Name;
            if (p.Offset > dataLength || p.Size > dataLength - p.Offset)
            {
                _position = p.At;
                throw Fail($"its {p.Size} bytes at data offset {p.Offset} lie outside the {dataLength}-byte data section; the file is truncated or damaged.");
            }
            tensors.Add(new GgufTensorInfo(p.Name, p.Ne, p.Type, p.Offset, p.Size, dataStart + p.Offset));
        }
        CheckNoOverlap(pending);
        return new GgufContents(SupportedVersion, metadata, tensors, alignment, dataStart);
    }

    private void CheckNoOverlap(List<(string Name, long[] Ne, uint Type, long Offset, long Size, long At)> pending)
    {
        var order = new (long Offset, long Size, string Name, long At)[pending.Count];
        for (int k = 0; k < order.Length; k++) order[k] = (pending[k].Offset, pending[k].Size, pending[k].Name, pending[k].At);
        System.Array.Sort(order, (a, b) => a.Offset.CompareTo(b.Offset));
        for (int k = 1; k < order.Length; k++)
        {
            if (order[k - 1].Offset + order[k - 1].Size > order[k].Offset)
            {
                _item = order[k].Name;
                _position = order[k].At;
                throw Fail($"its data at offset {order[k].Offset} overlaps tensor {order[k - 1].Name} ({order[k - 1].Size} bytes at {order[k - 1].Offset}).");
            }
        }
    }

    /// <summary>Bytes of a tensor: rows of ne0 / blockSize blocks, times the other dimensions; overflow is a format error.</summary>
    private long TensorBytes(long[] ne, int blockSize, int typeSize)
    {
        try
        {
            long bytes = checked(ne[0] / blockSize * typeSize);
            for (int d = 1; d < ne.Length; d++) bytes = checked(bytes * ne[d]);
            return bytes;
        }
        catch (OverflowException)
        {
            throw Fail($"shape [{string.Join(", ", ne)}] describes more bytes than a 64-bit size can hold.");
        }
    }

    private GgufValue ReadValue(GgufValueType type, int depth)
    {
        long at = _position;
        switch (type)
        {
            case GgufValueType.UInt8: return GgufValue.UInt8(ReadByte());
            case GgufValueType.Int8: return GgufValue.Int8((sbyte)ReadByte());
            case GgufValueType.UInt16: return GgufValue.UInt16(BinaryPrimitives.ReadUInt16LittleEndian(Take(2)));
            case GgufValueType.Int16: return GgufValue.Int16(BinaryPrimitives.ReadInt16LittleEndian(Take(2)));
            case GgufValueType.UInt32: return GgufValue.UInt32(ReadUInt32());
            case GgufValueType.Int32: return GgufValue.Int32(BinaryPrimitives.ReadInt32LittleEndian(Take(4)));
            case GgufValueType.Float32: return GgufValue.Float32(BinaryPrimitives.ReadSingleLittleEndian(Take(4)));
            case GgufValueType.Bool: return GgufValue.Bool(ReadBool());
            case GgufValueType.String: return GgufValue.String(ReadString("string value"));
            case GgufValueType.UInt64: return GgufValue.UInt64(ReadUInt64());
            case GgufValueType.Int64: return GgufValue.Int64(BinaryPrimitives.ReadInt64LittleEndian(Take(8)));
            case GgufValueType.Float64: return GgufValue.Float64(BinaryPrimitives.ReadDoubleLittleEndian(Take(8)));
            case GgufValueType.Array: return ReadArray(depth);
            default:
                _position = at - 4;
                throw Fail($"has value type {(uint)type}; GGUF value types are 0 to 12.");
        }
    }

    private GgufValue ReadArray(int depth)
    {
        if (depth >= MaxArrayDepth) throw Fail($"arrays are nested more than {MaxArrayDepth} deep.");
        long at = _position;
        var elementType = (GgufValueType)ReadUInt32();
        int scalarSize = GgufValue.ScalarSize(elementType);
        int minimumEach = elementType switch
        {
            GgufValueType.String => 8,
            GgufValueType.Array => 12,
            _ when scalarSize > 0 => scalarSize,
            _ => -1,
        };
        if (minimumEach < 0) { _position = at; throw Fail($"an array has element type {(uint)elementType}; GGUF value types are 0 to 12."); }
        long count = ReadCount(minimumEach, "array length");
        if (count > int.MaxValue - 64) { _position -= 8; throw Fail($"an array of {count} elements is larger than .NET arrays allow."); }
        int n = (int)count;
        switch (elementType)
        {
            case GgufValueType.String:
            {
                var strings = new string[n];
                for (int k = 0; k < n; k++) strings[k] = ReadString("array string");
                return GgufValue.Array(GgufValueType.String, strings);
            }
            case GgufValueType.Array:
            {
                // Each element of an array of arrays is itself (u32 element type, u64 count, elements).
                var arrays = new GgufValue[n];
                for (int k = 0; k < n; k++) arrays[k] = ReadArray(depth + 1);
                return GgufValue.Array(GgufValueType.Array, arrays);
            }
            case GgufValueType.Bool:
            {
                var bools = new bool[n];
                for (int k = 0; k < n; k++) bools[k] = ReadBool();
                return GgufValue.Array(GgufValueType.Bool, bools);
            }
            default:
                return GgufValue.Array(elementType, Scalars(elementType, Take((long)n * scalarSize), n));
        }
    }

    /// <summary>Little-endian scalars into a typed array (the host is little-endian: .NET on x64 and ARM64).</summary>
    private static System.Array Scalars(GgufValueType elementType, ReadOnlySpan<byte> bytes, int n)
    {
        System.Array array = elementType switch
        {
            GgufValueType.UInt8 => new byte[n],
            GgufValueType.Int8 => new sbyte[n],
            GgufValueType.UInt16 => new ushort[n],
            GgufValueType.Int16 => new short[n],
            GgufValueType.UInt32 => new uint[n],
            GgufValueType.Int32 => new int[n],
            GgufValueType.Float32 => new float[n],
            GgufValueType.UInt64 => new ulong[n],
            GgufValueType.Int64 => new long[n],
            _ => new double[n],
        };
        fixed (byte* destination = &System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(array))
            bytes.CopyTo(new Span<byte>(destination, bytes.Length));
        return array;
    }

    /// <summary>A u64 count, refused when even the smallest encoding of that many items would not fit in the rest of the file.</summary>
    private long ReadCount(int minimumBytesEach, string what)
    {
        ulong count = ReadUInt64();
        if (count > (ulong)((_length - _position) / minimumBytesEach))
        {
            _position -= 8;
            throw Fail($"{what} is {count}, but the {_length - _position - 8} bytes left in the file hold at most {(_length - _position - 8) / minimumBytesEach}; the file is damaged.");
        }
        return (long)count;
    }

    private string ReadString(string what)
    {
        long at = _position;
        ulong length = ReadUInt64();
        if (length > (ulong)(_length - _position))
        {
            _position = at;
            throw Fail($"a {what} claims {length} bytes but only {_length - _position - 8} remain; the file is truncated or damaged.");
        }
        if (length > int.MaxValue) { _position = at; throw Fail($"a {what} of {length} bytes is longer than EdgeMmf accepts."); }
        ReadOnlySpan<byte> bytes = Take((long)length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            _position = at;
            throw Fail($"a {what} is not valid UTF-8.");
        }
    }

    private bool ReadBool()
    {
        byte b = ReadByte();
        if (b > 1) { _position--; throw Fail($"a bool holds {b}; GGUF bools are 0 or 1."); }
        return b == 1;
    }

    private byte ReadByte() => Take(1)[0];
    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    private ReadOnlySpan<byte> Take(long count)
    {
        if (count > _length - _position)
            throw Fail($"needs {count} more bytes but the file ends at byte {_length}; the file is truncated.");
        var span = new ReadOnlySpan<byte>(_base + _position, checked((int)count));
        _position += count;
        return span;
    }

    private ModelFormatException Fail(string problem) => new(_path, _item, $"at byte {_position}: {problem}");
}
