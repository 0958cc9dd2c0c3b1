namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// Supplies the vocabulary to embed when converting a checkpoint directory, so the converter does not
/// depend on how tokenizer files are parsed. Returns null when the directory has no tokenizer.
/// </summary>
public interface ITokenizerSource
{
    /// <summary>The vocabulary of the tokenizer in <paramref name="checkpointDirectory"/>, or null when it has none.</summary>
    GgufTokenizerData? Load(string checkpointDirectory);
}
