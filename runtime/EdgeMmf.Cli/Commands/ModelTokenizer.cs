using EdgeMmf.Runtime.Generation;
using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Tokenization;

namespace EdgeMmf.Cli.Commands;

/// <summary>The tokenizer that belongs to a model: its checkpoint directory's files, or the one embedded in its GGUF file.</summary>
internal static class ModelTokenizer
{
    public static ITextTokenizer Load(LoadedModel loaded) => Load(loaded.Path);

    public static Tokenizer Load(string modelPath)
    {
        if (Directory.Exists(modelPath)) return TokenizerFiles.Load(modelPath);
        if (Runtime.Model.ModelFiles.IsGguf(modelPath)) return EmbeddedTokenizer(modelPath);
        return TokenizerFiles.Load(modelPath);
    }

    private static Tokenizer EmbeddedTokenizer(string path) => CheckpointTokenizerSource.FromGguf(path)
        ?? throw new TokenizerFormatException(path, "has no embedded tokenizer (it was converted from a checkpoint without tokenizer files); convert again from a directory that has tokenizer.json or tokenizer.model.");
}
