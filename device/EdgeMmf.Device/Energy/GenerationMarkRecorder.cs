namespace EdgeMmf.Device.Energy;

/// <summary>
/// Keeps one generation's marks. Token timestamps go into an array sized up front, so recording does
/// not allocate on the token loop unless a generation outgrows the capacity it was given.
/// </summary>
public sealed class GenerationMarkRecorder : IGenerationMarks
{
    private long[] _tokenTimestamps;

    public GenerationMarkRecorder(int expectedTokens = 256) => _tokenTimestamps = new long[Math.Max(16, expectedTokens + 8)];

    /// <summary>Prefill start; 0 until marked.</summary>
    public long PrefillStart { get; private set; }

    public long FirstToken { get; private set; }

    public long End { get; private set; }

    public int PromptTokens { get; private set; }

    public int GeneratedTokens { get; private set; }

    public int TokenMarkCount { get; private set; }

    public ReadOnlySpan<long> TokenTimestamps => _tokenTimestamps.AsSpan(0, TokenMarkCount);

    public bool IsComplete => PrefillStart != 0 && End != 0;

    public void Reset()
    {
        PrefillStart = FirstToken = End = 0;
        PromptTokens = GeneratedTokens = TokenMarkCount = 0;
    }

    public void OnPrefillStart(long timestamp, int promptTokens)
    {
        PrefillStart = timestamp;
        PromptTokens = promptTokens;
    }

    public void OnFirstToken(long timestamp) => FirstToken = timestamp;

    public void OnToken(long timestamp, int tokenIndex)
    {
        if (TokenMarkCount == _tokenTimestamps.Length)
        {
            Array.Resize(ref _tokenTimestamps, _tokenTimestamps.Length * 2);
        }
        _tokenTimestamps[TokenMarkCount++] = timestamp;
    }

    public void OnEnd(long timestamp, int generatedTokens)
    {
        End = timestamp;
        GeneratedTokens = generatedTokens;
    }
}
