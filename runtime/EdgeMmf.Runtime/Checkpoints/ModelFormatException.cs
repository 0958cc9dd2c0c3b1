using EdgeMmf.Text;

namespace EdgeMmf.Runtime.Checkpoints;

/// <summary>
/// A model file or checkpoint directory that EdgeMmf refuses, with the file, the tensor or field
/// (when there is one) and what is wrong. Loading never returns a partial model: it throws this.
/// </summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>A refusal of <paramref name="path"/>, naming <paramref name="item"/> when there is one, for <paramref name="problem"/>.</summary>
    public ModelFormatException(string path, string? item, string problem, Exception? inner = null)
        : base(Compose(path, item, problem), inner)
    {
        Path = path;
        Item = item;
        Problem = problem;
    }

    /// <summary>The file or directory at fault.</summary>
    public string Path { get; }
    /// <summary>The tensor or config field at fault, if any.</summary>
    public string? Item { get; }
    /// <summary>What is wrong, without the path and item.</summary>
    public string Problem { get; }

    /// <summary>
    /// The message, with control characters escaped: a key or tensor name read from a damaged file can hold any
    /// byte, and the message must stay one printable line.
    /// </summary>
    private static string Compose(string path, string? item, string problem) => Text.TerminalText.Escape(
        item is null ? $"{path}: {problem}" : $"{path}: {item}: {problem}");
}
