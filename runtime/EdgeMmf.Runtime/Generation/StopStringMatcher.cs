namespace EdgeMmf.Runtime.Generation;

/// <summary>
/// Watches streamed text for stop strings. Text that could still be the start of a stop string is held
/// back, so a stop string is never printed, even split across tokens; everything else passes at once.
/// Allocation-free after construction.
/// </summary>
public sealed class StopStringMatcher
{
    private readonly string[] _stops;
    private readonly char[] _pending;
    private int _length;

    /// <summary>A matcher for <paramref name="stopStrings"/> (empty ones are ignored) fed at most <paramref name="maxCharsPerPush"/> chars at a time.</summary>
    public StopStringMatcher(IReadOnlyList<string> stopStrings, int maxCharsPerPush)
    {
        var stops = new List<string>();
        int longest = 0;
        foreach (string s in stopStrings)
        {
            if (string.IsNullOrEmpty(s)) continue;
            stops.Add(s);
            longest = Math.Max(longest, s.Length);
        }
        _stops = stops.ToArray();
        _pending = new char[longest + maxCharsPerPush];
    }

    /// <summary>True when there is no stop string to watch for.</summary>
    public bool IsEmpty => _stops.Length == 0;

    /// <summary>
    /// Adds <paramref name="text"/>; writes what may be shown now to <paramref name="sink"/>.
    /// Returns true when a stop string completed (the text before it has been written, the rest dropped).
    /// </summary>
    public bool Push(ReadOnlySpan<char> text, ITextSink sink)
    {
        if (_stops.Length == 0)
        {
            if (!text.IsEmpty) sink.Write(text);
            return false;
        }
        text.CopyTo(_pending.AsSpan(_length));
        _length += text.Length;
        ReadOnlySpan<char> pending = _pending.AsSpan(0, _length);

        int earliest = -1;
        foreach (string stop in _stops)
        {
            int at = pending.IndexOf(stop.AsSpan(), StringComparison.Ordinal);
            if (at >= 0 && (earliest < 0 || at < earliest)) earliest = at;
        }
        if (earliest >= 0)
        {
            if (earliest > 0) sink.Write(pending[..earliest]);
            _length = 0;
            return true;
        }

        int hold = 0;   // the longest suffix of pending that is a proper prefix of some stop string
        foreach (string stop in _stops)
            for (int k = Math.Min(stop.Length - 1, pending.Length); k > hold; k--)
                if (pending[^k..].SequenceEqual(stop.AsSpan(0, k))) { hold = k; break; }
        int emit = pending.Length - hold;
        if (emit > 0)
        {
            sink.Write(pending[..emit]);
            pending[emit..].CopyTo(_pending);
            _length = hold;
        }
        return false;
    }

    /// <summary>At the end of generation: whatever was held back is not a stop string, so it is shown.</summary>
    public void Flush(ITextSink sink)
    {
        if (_length > 0) sink.Write(_pending.AsSpan(0, _length));
        _length = 0;
    }

    /// <summary>Drops held-back text, for a new stream.</summary>
    public void Reset() => _length = 0;
}
