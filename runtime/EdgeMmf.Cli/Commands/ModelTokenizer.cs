using EdgeMmf.Runtime.Generation;

namespace EdgeMmf.Cli.Commands;

/// <summary>The tokenizer that belongs to a loaded model (its checkpoint directory's files, or the one embedded in its GGUF file).</summary>
internal static class ModelTokenizer
{
    public static ITextTokenizer Load(LoadedModel loaded) =>
        throw new FileNotFoundException($"{loaded.Path}: this build has no tokenizer yet; use 'edgemmf logits --ids ...' meanwhile.");
}
