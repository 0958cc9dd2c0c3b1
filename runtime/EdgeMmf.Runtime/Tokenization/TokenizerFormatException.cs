namespace EdgeMmf.Runtime.Tokenization;

/// <summary>A tokenizer file EdgeMmf refuses, naming the file and what is wrong with it.</summary>
public sealed class TokenizerFormatException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    public string Path { get; } = path;
}
