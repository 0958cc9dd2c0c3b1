using System.Text.Json;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Checkpoints;

/// <summary>
/// A Hugging Face checkpoint directory (docs/model-spec.md "Checkpoint layout"): <c>config.json</c> plus
/// <c>model.safetensors</c>, or shards listed by <c>model.safetensors.index.json</c>. The weight
/// files stay memory-mapped while the checkpoint is open.
/// </summary>
public sealed class HfCheckpoint : IDisposable
{
    /// <summary>The config file's name in a checkpoint directory.</summary>
    public const string ConfigFileName = "config.json";
    /// <summary>The weight file of an unsharded checkpoint.</summary>
    public const string SingleFileName = "model.safetensors";
    /// <summary>The shard index of a sharded checkpoint.</summary>
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly List<SafetensorsFile> _files;
    private readonly Dictionary<string, SafetensorsFile> _owner;

    private HfCheckpoint(string directory, HgrnBitConfig config, List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> owner)
    {
        Directory = directory;
        Config = config;
        _files = files;
        _owner = owner;
    }

    /// <summary>The checkpoint directory.</summary>
    public string Directory { get; }
    /// <summary>The path of config.json.</summary>
    public string ConfigPath => System.IO.Path.Combine(Directory, ConfigFileName);
    /// <summary>The config, read and checked.</summary>
    public HgrnBitConfig Config { get; }
    /// <summary>The mapped weight files (one, or every shard).</summary>
    public IReadOnlyList<SafetensorsFile> Files => _files;

    /// <summary>True when <paramref name="directory"/> looks like a Hugging Face checkpoint.</summary>
    public static bool IsCheckpointDirectory(string directory) =>
        System.IO.Directory.Exists(directory) && File.Exists(System.IO.Path.Combine(directory, ConfigFileName));

    /// <summary>The checkpoint's config.json, read and checked; a directory that is not a checkpoint is refused by name.</summary>
    public static HgrnBitConfig ReadConfig(string directory, HfConfigPolicy? policy = null)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new ModelFormatException(directory, null, "the checkpoint directory does not exist.");
        string configPath = System.IO.Path.Combine(directory, ConfigFileName);
        if (!File.Exists(configPath))
            throw new ModelFormatException(directory, null, "has no config.json; a Hugging Face checkpoint directory holds config.json and model.safetensors.");
        return HfConfigReader.Read(configPath, policy);
    }

    /// <summary>Reads the config and maps every weight file of the checkpoint in <paramref name="directory"/>.</summary>
    public static HfCheckpoint Open(string directory, HfConfigPolicy? policy = null)
    {
        HgrnBitConfig config = ReadConfig(directory, policy);

        var files = new List<SafetensorsFile>();
        var owner = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            foreach (string shard in ShardPaths(directory))
            {
                SafetensorsFile file = SafetensorsFile.Open(shard);
                files.Add(file);
                foreach (string name in file.Tensors.Keys)
                    if (!owner.TryAdd(name, file))
                        throw new ModelFormatException(shard, name, $"also appears in {owner[name].Path}; shards must not repeat tensors.");
            }
            return new HfCheckpoint(directory, config, files, owner);
        }
        catch
        {
            foreach (SafetensorsFile file in files) file.Dispose();
            throw;
        }
    }

    private static IEnumerable<string> ShardPaths(string directory)
    {
        string single = System.IO.Path.Combine(directory, SingleFileName);
        string index = System.IO.Path.Combine(directory, IndexFileName);
        if (File.Exists(single)) return [single];
        if (File.Exists(index)) return ReadIndex(index, directory);
        if (File.Exists(System.IO.Path.Combine(directory, "pytorch_model.bin")))
            throw new ModelFormatException(directory, "pytorch_model.bin",
                "EdgeMmf reads safetensors only (a pickled .bin file can run code when loaded). Convert it once with: " +
                "python -c \"import torch; from safetensors.torch import save_file; save_file(torch.load('pytorch_model.bin'), 'model.safetensors')\"");
        throw new ModelFormatException(directory, null, "has neither model.safetensors nor model.safetensors.index.json.");
    }

    private static List<string> ReadIndex(string indexPath, string directory)
    {
        JsonDocument document;
        byte[] bytes = File.ReadAllBytes(indexPath);
        // JsonDocument parses invalid UTF-8 inside strings and fails only when a string is read, with an InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) throw new ModelFormatException(indexPath, null, "is not valid UTF-8 text; the file is damaged.");
        try { document = JsonDocument.Parse(bytes); }
        catch (JsonException e) { throw new ModelFormatException(indexPath, null, $"is not valid JSON ({e.Message}).", e); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out JsonElement map) || map.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException(indexPath, "weight_map", "is missing; a sharded checkpoint's index maps each tensor to its shard file.");
            var shards = new List<string>();
            foreach (JsonProperty entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                    throw new ModelFormatException(indexPath, entry.Name, "must map to a shard file name.");
                string shard = entry.Value.GetString()!;
                if (shard.Length == 0 || shard != System.IO.Path.GetFileName(shard))
                    throw new ModelFormatException(indexPath, entry.Name, $"names shard \"{shard}\", which is not a plain file name in the checkpoint directory.");
                string shardPath = System.IO.Path.Combine(directory, shard);
                if (!File.Exists(shardPath))
                    throw new ModelFormatException(indexPath, entry.Name, $"lives in shard {shard}, which is missing from {directory}.");
                if (!shards.Contains(shardPath)) shards.Add(shardPath);
            }
            if (shards.Count == 0) throw new ModelFormatException(indexPath, "weight_map", "is empty.");
            return shards;
        }
    }

    /// <summary>True when some weight file holds the tensor <paramref name="name"/>.</summary>
    public bool Contains(string name) => _owner.ContainsKey(name);

    /// <summary>The tensor <paramref name="name"/>, checked against the shape the spec requires.</summary>
    public SafetensorsTensor Require(string name, params long[] shape)
    {
        if (!_owner.TryGetValue(name, out SafetensorsFile? file))
            throw new ModelFormatException(Directory, name, "tensor is missing from the checkpoint.");
        SafetensorsTensor tensor = file.Get(name);
        if (!SafetensorsDTypes.IsFloatingPointWeight(tensor.DType))
            throw new ModelFormatException(file.Path, name, $"has dtype {tensor.DType}; weights must be F32, F16 or BF16.");
        if (!tensor.Shape.AsSpan().SequenceEqual(shape))
            throw new ModelFormatException(file.Path, name, $"has shape {tensor.ShapeText} but config.json implies [{string.Join(", ", shape)}].");
        return tensor;
    }

    /// <summary>The weight file that holds <paramref name="tensor"/>.</summary>
    public SafetensorsFile FileOf(SafetensorsTensor tensor) => _owner[tensor.Name];

    /// <summary>Reads float32 values (converted from the stored dtype), refusing NaN, infinity and overflow (<see cref="Model.WeightValueRange"/>).</summary>
    public void ReadFloat32(SafetensorsTensor tensor, long firstElement, Span<float> destination)
    {
        SafetensorsFile file = _owner[tensor.Name];
        file.ReadFloat32(tensor, firstElement, destination);
        Model.WeightValueRange.Require(file.Path, tensor.Name, destination, firstElement);
    }

    /// <summary>The float32 vector <paramref name="name"/> of <paramref name="length"/> elements, checked as <see cref="ReadFloat32"/> does.</summary>
    public float[] ReadVector(string name, int length)
    {
        SafetensorsTensor tensor = Require(name, length);
        var values = new float[length];
        ReadFloat32(tensor, 0, values);
        return values;
    }

    /// <summary>Unmaps every weight file.</summary>
    public void Dispose()
    {
        foreach (SafetensorsFile file in _files) file.Dispose();
    }
}
