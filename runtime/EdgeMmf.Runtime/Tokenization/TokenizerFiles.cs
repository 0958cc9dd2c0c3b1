using System.Text.Json;

namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// Finds and reads a checkpoint's tokenizer: <c>tokenizer.json</c> (preferred, Hugging Face) or
/// <c>tokenizer.model</c> (SentencePiece), with <c>tokenizer_config.json</c> (add_bos_token,
/// add_eos_token, legacy) and <c>special_tokens_map.json</c> beside it.
/// </summary>
public static class TokenizerFiles
{
    /// <summary>True when <paramref name="directory"/> has a tokenizer.json or tokenizer.model.</summary>
    public static bool Exists(string directory) =>
        File.Exists(Path.Combine(directory, "tokenizer.json")) || File.Exists(Path.Combine(directory, "tokenizer.model"));

    /// <summary>Reads the tokenizer in a directory, or the tokenizer.json or tokenizer.model given.</summary>
    public static Tokenizer Load(string directoryOrFile)
    {
        string directory, file;
        if (Directory.Exists(directoryOrFile))
        {
            directory = directoryOrFile;
            file = Path.Combine(directory, "tokenizer.json");
            if (!File.Exists(file)) file = Path.Combine(directory, "tokenizer.model");
            if (!File.Exists(file))
                throw new TokenizerFormatException(directoryOrFile, "has no tokenizer.json or tokenizer.model; copy the checkpoint's tokenizer files next to its weights.");
        }
        else if (File.Exists(directoryOrFile))
        {
            file = directoryOrFile;
            directory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        }
        else throw new FileNotFoundException($"{directoryOrFile}: no such tokenizer file or directory.", directoryOrFile);

        var (addBos, addEos, legacy) = ReadConfig(Path.Combine(directory, "tokenizer_config.json"));
        if (file.EndsWith(".model", StringComparison.OrdinalIgnoreCase))
        {
            SentencePieceModelReader.Contents sp = SentencePieceModelReader.Read(file);
            // Hugging Face's Llama tokenizer (legacy) puts the dummy prefix before every text segment.
            PrefixScheme scheme = !sp.AddDummyPrefix ? PrefixScheme.Never : legacy ? PrefixScheme.EverySegment : PrefixScheme.FirstSegment;
            return new Tokenizer(BpeModel.FromScores(sp.Vocabulary), new SentencePieceNormalizer(scheme, sp.RemoveExtraWhitespace),
                new SpecialTokenSplitter(Tokenizer.SpecialPieces(sp.Vocabulary)), addBos, addEos, file);
        }
        HfTokenizerJsonReader.Contents hf = HfTokenizerJsonReader.Read(file);
        return new Tokenizer(BpeModel.FromMerges(hf.Vocabulary, hf.Merges), new SentencePieceNormalizer(hf.Prefix),
            new SpecialTokenSplitter(hf.AddedTokens), addBos, addEos, file);
    }

    private static (bool AddBos, bool AddEos, bool Legacy) ReadConfig(string path)
    {
        if (!File.Exists(path)) return (true, false, true);
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = document.RootElement;
            bool Flag(string name, bool fallback) => root.TryGetProperty(name, out JsonElement v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;
            return (Flag("add_bos_token", true), Flag("add_eos_token", false), Flag("legacy", true));
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(path, $"is not valid JSON ({e.Message}).", e);
        }
    }
}
