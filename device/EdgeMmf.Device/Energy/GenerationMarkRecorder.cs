namespace EdgeMmf.Device.Energy;

/// <summary>
/// Keeps one generation's marks. Token timestamps go into an array sized up front, so recording does
/// not allocate on the token loop unless a generation outgrows the capacity it was given.
/// </summary>
public sealed class GenerationMarkRecorder : IGenerationMarks
{
    private long[] _tokenTimestamps;

    /// <summary>A recorder with room for <paramref name="expectedTokens"/> token marks before it grows.</summary>
    public GenerationMarkRecorder(int expectedTokens = 256) => _tokenTimestamps = new long[Math.Max(16, expectedTokens + 8)];

    /// <summary>Prefill start; 0 until marked.</summary>
    public long PrefillStart { get; private set; }

    /// <summary>First token; 0 until marked.</summary>
    public long FirstToken { get; private set; }

    /// <summary>End of the generation; 0 until marked.</summary>
    public long End { get; private set; }

    /// <summary>Tokens of the prompt.</summary>
    public int PromptTokens { get; private set; }

    /// <summary>Tokens generated, as the end mark reports them.</summary>
    public int GeneratedTokens { get; private set; }

    /// <summary>Token marks recorded.</summary>
    public int TokenMarkCount { get; private set; }

    /// <summary>The timestamp of each token mark.</summary>
    public ReadOnlySpan<long> TokenTimestamps => _tokenTimestamps.AsSpan(0, TokenMarkCount);

    /// <summary>True once both prefill start and end are marked.</summary>
    public bool IsComplete => PrefillStart != 0 && End != 0;

    /// <summary>Forgets every mark, for the next generation.</summary>
    public void Reset()
    {
        PrefillStart = FirstToken = End = 0;
        PromptTokens = GeneratedTokens = TokenMarkCount = 0;
    }

    /// <inheritdoc/>
    public void OnPrefillStart(long timestamp, int promptTokens)
    {
        PrefillStart = timestamp;
        PromptTokens = promptTokens;
    }

    /// <inheritdoc/>
    public void OnFirstToken(long timestamp) => FirstToken = timestamp;

    /// <inheritdoc/>
    public void OnToken(long timestamp, int tokenIndex)
    {
        if (TokenMarkCount == _tokenTimestamps.Length)
        {
            Array.Resize(ref _tokenTimestamps, _tokenTimestamps.Length * 2);
        }
        _tokenTimestamps[TokenMarkCount++] = timestamp;
    }

    /// <inheritdoc/>
    public void OnEnd(long timestamp, int generatedTokens)
    {
        End = timestamp;
        GeneratedTokens = generatedTokens;
    }
}
