namespace EdgeMmf.Device.Energy;

/// <summary>
/// Receives a generation's timing marks on the <see cref="System.Diagnostics.Stopwatch"/> clock, the clock
/// power samples use. The members mirror the runtime's <c>IGenerationObserver</c> one for one, so the CLI
/// adapts one to the other by forwarding; this library does not reference the runtime.
/// Called on the token loop: implementations must be cheap and must not allocate.
/// </summary>
public interface IGenerationMarks
{
    void OnPrefillStart(long timestamp, int promptTokens);

    void OnFirstToken(long timestamp);

    void OnToken(long timestamp, int tokenIndex);

    void OnEnd(long timestamp, int generatedTokens);
}
