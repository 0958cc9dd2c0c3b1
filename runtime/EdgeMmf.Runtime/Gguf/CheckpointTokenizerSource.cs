namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// The vocabulary of a checkpoint directory's own tokenizer files, for embedding in the GGUF file.
/// This build has no tokenizer reader yet (runtime/EdgeMmf.Runtime/Tokenization), so it returns null and
/// the converter writes a file without tokenizer keys; wire <c>Tokenizer.Load(dir).ToSentencePiecePieces()</c>
/// here when that lands.
/// </summary>
public sealed class CheckpointTokenizerSource : ITokenizerSource
{
    public static readonly CheckpointTokenizerSource Instance = new();

    public GgufTokenizerData? Load(string checkpointDirectory) => null;
}
