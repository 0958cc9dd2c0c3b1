using System.Buffers;
using System.Text;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// Text from files, pipes and the command line must be UTF-8. .NET's readers quietly turn bad bytes into U+FFFD,
/// which would feed the model text the user never wrote; these checks find the first bad byte instead.
/// </summary>
internal static class StrictUtf8
{
    /// <summary>The offset of the first byte that does not start a valid UTF-8 sequence, or -1 when all are valid.</summary>
    public static long FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        int at = 0;
        while (at < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[at..], out _, out int consumed) != OperationStatus.Done) return at;
            at += consumed;
        }
        return -1;
    }

    /// <summary>Decodes <paramref name="bytes"/>, or refuses them naming <paramref name="source"/> and the byte offset.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string source)
    {
        long bad = FirstInvalidByte(bytes);
        if (bad >= 0)
            throw new FormatException($"{source}: invalid UTF-8 at byte {bad} (0x{bytes[(int)bad]:X2}); save the text as UTF-8.");
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads a text file as strict UTF-8 (a leading byte-order mark is dropped).</summary>
    public static string ReadFile(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> text = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes.AsSpan(3) : bytes;
        return Decode(text, path);
    }

    /// <summary>
    /// Refuses a command-line value that arrived as invalid UTF-8. By the time .NET hands over the argument, bad bytes are
    /// already U+FFFD; on Linux /proc/self/cmdline still has the raw bytes, so the offset can be named. A U+FFFD typed
    /// on purpose (valid UTF-8) passes.
    /// </summary>
    public static void CheckArgument(string? value, string option)
    {
        if (value is null || !value.Contains('\uFFFD')) return;
        byte[] commandLine;
        try { commandLine = File.ReadAllBytes("/proc/self/cmdline"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        ReadOnlySpan<byte> rest = commandLine;
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)0);
            ReadOnlySpan<byte> argument = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];
            long bad = FirstInvalidByte(argument);
            if (bad >= 0 && Encoding.UTF8.GetString(argument) == value)
                throw new FormatException($"{option}: invalid UTF-8 at byte {bad} (0x{argument[(int)bad]:X2}) of the argument; pass the text as UTF-8.");
        }
    }
}
