namespace EdgeMmf.Cli.Commands;

/// <summary>
/// Reads lines from a byte stream (piped input to <c>chat</c>) and checks each is UTF-8, so a bad line is named by
/// its byte offset and skipped rather than reaching the model as U+FFFD. Lines end at '\n'; a '\r' before it is dropped.
/// </summary>
internal sealed class Utf8LineReader(Stream input)
{
    private readonly BufferedStream _input = new(input, 1 << 16);
    private byte[] _line = new byte[256];
    private long _offset;

    /// <summary>One line: its text (null when it is not UTF-8), its number, the input offset of its first byte, and of its first bad byte (-1 if none).</summary>
    public readonly record struct Line(string? Text, long Number, long Offset, long InvalidOffset);

    public long LinesRead { get; private set; }

    /// <summary>The next line, or null at the end of the input.</summary>
    public Line? ReadLine()
    {
        long start = _offset;
        int length = 0;
        int next;
        while ((next = _input.ReadByte()) >= 0)
        {
            _offset++;
            if (next == '\n') break;
            if (length == _line.Length) Array.Resize(ref _line, _line.Length * 2);
            _line[length++] = (byte)next;
        }
        if (next < 0 && length == 0) return null;
        if (length > 0 && _line[length - 1] == '\r') length--;
        LinesRead++;
        ReadOnlySpan<byte> bytes = _line.AsSpan(0, length);
        long bad = StrictUtf8.FirstInvalidByte(bytes);
        return bad >= 0
            ? new Line(null, LinesRead, start, start + bad)
            : new Line(System.Text.Encoding.UTF8.GetString(bytes), LinesRead, start, -1);
    }
}
