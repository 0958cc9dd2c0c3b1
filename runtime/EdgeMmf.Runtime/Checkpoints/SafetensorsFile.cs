using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EdgeMmf.Runtime.Checkpoints;

/// <summary>
/// A memory-mapped <c>.safetensors</c> file: an 8-byte little-endian header length N, N bytes of
/// JSON (<c>{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}</c>),
/// then the data section. The file is untrusted: the header is validated against the file length
/// before anything is read through it.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    /// <summary>A header larger than this is refused (the format's own readers use 100 MB).</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafetensorsTensor> _tensors;

    private SafetensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* basePointer,
        long dataStart, Dictionary<string, SafetensorsTensor> tensors)
    {
        Path = path;
        _map = map;
        _view = view;
        _base = basePointer;
        _dataStart = dataStart;
        _tensors = tensors;
    }

    /// <summary>The path the file was opened from.</summary>
    public string Path { get; }
    /// <summary>The tensor entries of the header, by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensor> Tensors => _tensors;

    /// <summary>Maps the file at <paramref name="path"/> and checks its header against its length.</summary>
    public static SafetensorsFile Open(string path)
    {
        // Measured through the opened handle: a symbolic link (a Hugging Face cache snapshot) has its target's length.
        FileStream stream;
        long length;
        try
        {
            if (!File.Exists(path)) throw new ModelFormatException(path, null, "the weights file does not exist.");
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            length = stream.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(path, null, $"cannot read the weights file ({e.Message}).", e);
        }
        if (length < 8)
        {
            stream.Dispose();
            throw new ModelFormatException(path, null, $"is {length} bytes long, too short for a safetensors header; the file is truncated.");
        }

        MemoryMappedFile map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* basePointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
            basePointer += view.PointerOffset;

            ulong headerLength = *(ulong*)basePointer; // little-endian on every platform .NET runs EdgeMmf on
            if (headerLength > MaxHeaderBytes || (long)headerLength > length - 8)
                throw new ModelFormatException(path, null, $"declares a {headerLength}-byte header but the file is {length} bytes; the file is truncated or not safetensors.");
            long dataStart = 8 + (long)headerLength;
            var header = new ReadOnlySpan<byte>(basePointer + 8, (int)headerLength);
            Dictionary<string, SafetensorsTensor> tensors = ParseHeader(header, length - dataStart, path);
            return new SafetensorsFile(path, map, view, basePointer, dataStart, tensors);
        }
        catch
        {
            if (view is not null)
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
                view.Dispose();
            }
            map.Dispose();
            throw;
        }
    }

    /// <summary>True when the header has the tensor <paramref name="name"/>.</summary>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>The tensor entry <paramref name="name"/>; a missing one is a <see cref="ModelFormatException"/>.</summary>
    public SafetensorsTensor Get(string name) =>
        _tensors.TryGetValue(name, out SafetensorsTensor? t) ? t : throw new ModelFormatException(Path, name, "tensor is missing from the checkpoint.");

    /// <summary>The raw bytes of a tensor, in place in the mapping.</summary>
    public ReadOnlySpan<byte> RawBytes(SafetensorsTensor tensor) =>
        new(_base + _dataStart + tensor.DataOffset, checked((int)tensor.ByteLength));

    /// <summary>Converts <paramref name="destination"/>.Length elements starting at element <paramref name="firstElement"/> to float32.</summary>
    public void ReadFloat32(SafetensorsTensor tensor, long firstElement, Span<float> destination)
    {
        if (!SafetensorsDTypes.IsFloatingPointWeight(tensor.DType))
            throw new ModelFormatException(Path, tensor.Name, $"has dtype {tensor.DType}; weights must be F32, F16 or BF16.");
        if (firstElement < 0 || firstElement + destination.Length > tensor.ElementCount)
            throw new ArgumentOutOfRangeException(nameof(firstElement));
        int size = SafetensorsDTypes.ElementSize(tensor.DType);
        byte* source = _base + _dataStart + tensor.DataOffset + firstElement * size;
        switch (tensor.DType)
        {
            case SafetensorsDType.F32:
                new ReadOnlySpan<float>(source, destination.Length).CopyTo(destination);
                break;
            case SafetensorsDType.F16:
                var halves = new ReadOnlySpan<Half>(source, destination.Length);
                for (int i = 0; i < destination.Length; i++) destination[i] = (float)halves[i];
                break;
            default: // BF16 is the top half of a float32.
                var bf16 = new ReadOnlySpan<ushort>(source, destination.Length);
                for (int i = 0; i < destination.Length; i++) destination[i] = BitConverter.Int32BitsToSingle(bf16[i] << 16);
                break;
        }
    }

    private static Dictionary<string, SafetensorsTensor> ParseHeader(ReadOnlySpan<byte> header, long dataLength, string path)
    {
        JsonDocument document;
        // JsonDocument parses invalid UTF-8 inside strings and fails only when a string is read, with an InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(header)) throw new ModelFormatException(path, null, "the safetensors header is not valid UTF-8; the file is damaged.");
        try { document = JsonDocument.Parse(header.ToArray()); }
        catch (JsonException e) { throw new ModelFormatException(path, null, $"the safetensors header is not valid JSON ({e.Message}).", e); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException(path, null, "the safetensors header must be a JSON object.");
            var tensors = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
            var ranges = new List<(long Begin, long End, string Name)>();
            foreach (JsonProperty entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                SafetensorsTensor tensor = ParseTensor(entry, dataLength, path);
                if (!tensors.TryAdd(tensor.Name, tensor))
                    throw new ModelFormatException(path, tensor.Name, "appears twice in the header.");
                ranges.Add((tensor.DataOffset, tensor.DataOffset + tensor.ByteLength, tensor.Name));
            }
            ranges.Sort((a, b) => a.Begin.CompareTo(b.Begin));
            for (int i = 1; i < ranges.Count; i++)
                if (ranges[i].Begin < ranges[i - 1].End)
                    throw new ModelFormatException(path, ranges[i].Name, $"overlaps the bytes of {ranges[i - 1].Name}; the header is corrupt.");
            return tensors;
        }
    }

    private static SafetensorsTensor ParseTensor(JsonProperty entry, long dataLength, string path)
    {
        string name = entry.Name;
        JsonElement e = entry.Value;
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !e.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !e.TryGetProperty("data_offsets", out JsonElement offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
            throw new ModelFormatException(path, name, "header entry needs \"dtype\", \"shape\" and a two-element \"data_offsets\".");
        if (!SafetensorsDTypes.TryParse(dtypeElement.GetString()!, out SafetensorsDType dtype))
            throw new ModelFormatException(path, name, $"has unknown dtype \"{dtypeElement.GetString()}\".");
        if (shapeElement.GetArrayLength() > 8)
            throw new ModelFormatException(path, name, $"has {shapeElement.GetArrayLength()} dimensions; at most 8 are accepted.");
        var shape = new long[shapeElement.GetArrayLength()];
        long elements = 1;
        int d = 0;
        foreach (JsonElement dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long size) || size < 0 || size > dataLength)
                throw new ModelFormatException(path, name, $"has an invalid dimension {dim.GetRawText()} in its shape.");
            shape[d++] = size;
            elements = size == 0 ? 0 : (elements > dataLength / size ? long.MaxValue : elements * size);
        }
        long[] offsets = new long[2];
        int k = 0;
        foreach (JsonElement o in offsetsElement.EnumerateArray())
        {
            if (o.ValueKind != JsonValueKind.Number || !o.TryGetInt64(out long value) || value < 0)
                throw new ModelFormatException(path, name, $"has an invalid data offset {o.GetRawText()}.");
            offsets[k++] = value;
        }
        if (offsets[0] > offsets[1] || offsets[1] > dataLength)
            throw new ModelFormatException(path, name, $"data_offsets [{offsets[0]}, {offsets[1]}] lie outside the {dataLength}-byte data section; the file is truncated or corrupt.");
        long expected = elements == long.MaxValue ? long.MaxValue : elements * SafetensorsDTypes.ElementSize(dtype);
        if (offsets[1] - offsets[0] != expected)
            throw new ModelFormatException(path, name, $"shape [{string.Join(", ", shape)}] of {dtype} needs {expected} bytes but data_offsets give {offsets[1] - offsets[0]}.");
        return new SafetensorsTensor(name, dtype, shape, offsets[0], offsets[1] - offsets[0]);
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
