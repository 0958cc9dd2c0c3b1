namespace EdgeMmf.Runtime.Gguf;

/// <summary>What the header of a GGUF file declares: version, metadata in file order, tensor infos, and where data starts.</summary>
public sealed class GgufContents(uint version, IReadOnlyList<KeyValuePair<string, GgufValue>> metadata,
    IReadOnlyList<GgufTensorInfo> tensors, int alignment, long dataStart)
{
    private readonly Dictionary<string, GgufValue> _byKey = ToDictionary(metadata);
    private readonly Dictionary<string, GgufTensorInfo> _byName = ToDictionary(tensors);

    /// <summary>The GGUF version of the file.</summary>
    public uint Version { get; } = version;
    /// <summary>The metadata key-value pairs, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata { get; } = metadata;
    /// <summary>The tensor infos, in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; } = tensors;
    /// <summary>general.alignment, or 32 when the file does not set it.</summary>
    public int Alignment { get; } = alignment;
    /// <summary>Absolute offset of the data section (a multiple of <see cref="Alignment"/>).</summary>
    public long DataStart { get; } = dataStart;

    /// <summary>Looks up a metadata value by key.</summary>
    public bool TryGetValue(string key, out GgufValue value) => _byKey.TryGetValue(key, out value!);
    /// <summary>Looks up a tensor info by name.</summary>
    public bool TryGetTensor(string name, out GgufTensorInfo tensor) => _byName.TryGetValue(name, out tensor!);

    private static Dictionary<string, GgufValue> ToDictionary(IReadOnlyList<KeyValuePair<string, GgufValue>> metadata)
    {
        var map = new Dictionary<string, GgufValue>(metadata.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, GgufValue> kv in metadata) map[kv.Key] = kv.Value;
        return map;
    }

    private static Dictionary<string, GgufTensorInfo> ToDictionary(IReadOnlyList<GgufTensorInfo> tensors)
    {
        var map = new Dictionary<string, GgufTensorInfo>(tensors.Count, StringComparer.Ordinal);
        foreach (GgufTensorInfo t in tensors) map[t.Name] = t;
        return map;
    }
}
