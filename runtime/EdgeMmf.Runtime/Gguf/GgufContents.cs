namespace EdgeMmf.Runtime.Gguf;

/// <summary>What the header of a GGUF file declares: version, metadata in file order, tensor infos, and where data starts.</summary>
public sealed class GgufContents(uint version, IReadOnlyList<KeyValuePair<string, GgufValue>> metadata,
    IReadOnlyList<GgufTensorInfo> tensors, int alignment, long dataStart)
{
    private readonly Dictionary<string, GgufValue> _byKey = ToDictionary(metadata);
    private readonly Dictionary<string, GgufTensorInfo> _byName = ToDictionary(tensors);

    public uint Version { get; } = version;
    public IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata { get; } = metadata;
    public IReadOnlyList<GgufTensorInfo> Tensors { get; } = tensors;
    /// <summary>general.alignment, or 32 when the file does not set it.</summary>
    public int Alignment { get; } = alignment;
    /// <summary>Absolute offset of the data section (a multiple of <see cref="Alignment"/>).</summary>
    public long DataStart { get; } = dataStart;

    public bool TryGetValue(string key, out GgufValue value) => _byKey.TryGetValue(key, out value!);
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
