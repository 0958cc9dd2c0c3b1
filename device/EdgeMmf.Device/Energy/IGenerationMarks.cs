namespace EdgeMmf.Device.Energy;

/// <summary>
/// Receives a generation's timing marks on the <see cref="System.Diagnostics.Stopwatch"/> clock, the clock
/// power samples use. The members mirror the runtime's <c>IGenerationObserver</c> one for one, so the CLI
/// adapts one to the other by forwarding; this library does not reference the runtime.
/// Called on the token loop: implementations must be cheap and must not allocate.
/// </summary>
public interface IGenerationMarks
{
    /// <summary>The prompt of <paramref name="promptTokens"/> tokens starts to be consumed.</summary>
    void OnPrefillStart(long timestamp, int promptTokens);

    /// <summary>The first token has been emitted.</summary>
    void OnFirstToken(long timestamp);

    /// <summary>Token <paramref name="tokenIndex"/> (0 is the first) has been emitted.</summary>
    void OnToken(long timestamp, int tokenIndex);

    /// <summary>The generation ended after <paramref name="generatedTokens"/> tokens.</summary>
    void OnEnd(long timestamp, int generatedTokens);
}
