using EdgeMmf.Text;

namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// A tokenizer file EdgeMmf refuses, naming the file and what is wrong with it (control characters quoted
/// from the file are escaped, so the message stays one printable line).
/// </summary>
public sealed class TokenizerFormatException(string path, string problem, Exception? inner = null)
    : Exception(Text.TerminalText.Escape($"{path}: {problem}"), inner)
{
    /// <summary>The file at fault.</summary>
    public string Path { get; } = path;
}
