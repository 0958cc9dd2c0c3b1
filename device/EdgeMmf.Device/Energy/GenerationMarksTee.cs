namespace EdgeMmf.Device.Energy;

/// <summary>Hands each mark to two receivers in order (the recorder, then the trigger pin); allocation-free.</summary>
public sealed class GenerationMarksTee(IGenerationMarks first, IGenerationMarks second) : IGenerationMarks
{
    /// <inheritdoc/>
    public void OnPrefillStart(long timestamp, int promptTokens)
    {
        first.OnPrefillStart(timestamp, promptTokens);
        second.OnPrefillStart(timestamp, promptTokens);
    }

    /// <inheritdoc/>
    public void OnFirstToken(long timestamp)
    {
        first.OnFirstToken(timestamp);
        second.OnFirstToken(timestamp);
    }

    /// <inheritdoc/>
    public void OnToken(long timestamp, int tokenIndex)
    {
        first.OnToken(timestamp, tokenIndex);
        second.OnToken(timestamp, tokenIndex);
    }

    /// <inheritdoc/>
    public void OnEnd(long timestamp, int generatedTokens)
    {
        first.OnEnd(timestamp, generatedTokens);
        second.OnEnd(timestamp, generatedTokens);
    }
}
