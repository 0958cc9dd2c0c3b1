using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests.Gguf;

/// <summary>Small valid model files in memory, and a way to rewrite them with one thing changed.</summary>
internal static class GgufTestFiles
{
    /// <summary>The smallest shape the format allows (hidden 32 is padded to one 256-weight block), so fuzz cases are cheap.</summary>
    public static readonly HgrnBitConfig Tiny = new() { VocabSize = 40, HiddenSize = 32, NumHiddenLayers = 2, BosTokenId = 1, EosTokenId = 2 };

    private static readonly Lazy<byte[]> TinyModelBytes = new(() =>
    {
        string checkpoint = TestModels.Checkpoint(Tiny, seed: 21);
        string path = GgufConversionTests.Converted(checkpoint,
            new GgufConversionOptions { Tokenizer = new FixedTokenizerSource(Tiny.VocabSize) }, "fuzz-base");
        return File.ReadAllBytes(path);
    });

    /// <summary>A valid tiny model with an embedded tokenizer (a fresh copy each call).</summary>
    public static byte[] TinyModel() => (byte[])TinyModelBytes.Value.Clone();

    public sealed record TensorEntry(string Name, long[] Ne, GgmlType Type, byte[] Data);

    /// <summary>Reads <paramref name="file"/>, lets the edits change metadata and tensors, and writes it again.</summary>
    public static byte[] Rewrite(byte[] file, Action<List<KeyValuePair<string, GgufValue>>>? editMetadata = null,
        Action<List<TensorEntry>>? editTensors = null)
    {
        GgufContents contents = GgufReader.Read(file, "original");
        var metadata = new List<KeyValuePair<string, GgufValue>>(contents.Metadata);
        var tensors = new List<TensorEntry>();
        foreach (GgufTensorInfo t in contents.Tensors)
            tensors.Add(new TensorEntry(t.Name, t.Dimensions, t.GgmlType, file.AsSpan((int)t.FileOffset, (int)t.ByteSize).ToArray()));
        editMetadata?.Invoke(metadata);
        editTensors?.Invoke(tensors);
        var writer = new GgufWriter();
        foreach (KeyValuePair<string, GgufValue> kv in metadata)
            if (kv.Key != "general.alignment") writer.Add(kv.Key, kv.Value);
        foreach (TensorEntry t in tensors) writer.AddTensor(t.Name, t.Ne, t.Type, s => s.Write(t.Data));
        return GgufMetadataTests.Bytes(writer);
    }

    public static void Set(List<KeyValuePair<string, GgufValue>> metadata, string key, GgufValue value)
    {
        int at = metadata.FindIndex(kv => kv.Key == key);
        if (at < 0) metadata.Add(new(key, value)); else metadata[at] = new(key, value);
    }

    /// <summary>A made-up SentencePiece vocabulary of <c>size</c> pieces: &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, then "▁p3", "▁p4", ...</summary>
    public sealed class FixedTokenizerSource(int size) : ITokenizerSource
    {
        public GgufTokenizerData? Load(string checkpointDirectory)
        {
            var pieces = new string[size];
            var scores = new float[size];
            var types = new int[size];
            for (int k = 0; k < size; k++)
            {
                pieces[k] = k switch { 0 => "<unk>", 1 => "<s>", 2 => "</s>", _ => "▁p" + k };
                scores[k] = -k;
                types[k] = k switch { 0 => 2, 1 or 2 => 3, _ => 1 };
            }
            return new GgufTokenizerData(pieces, scores, types, 1, 2, 0, null, AddBosToken: true, AddEosToken: false);
        }
    }
}
