namespace EdgeMmf.Bridge.Client;

/// <summary>Link figures per generated token, for bench reports (JSON fields and docs tables).</summary>
/// <param name="BytesSent">Frame bytes the host sent, per token.</param>
/// <param name="BytesReceived">Frame bytes the host received, per token.</param>
/// <param name="LinkMilliseconds">Exchange wall time minus device compute time, ms per token.</param>
/// <param name="DeviceMilliseconds">Compute time the device reported in Run responses, ms per token.</param>
/// <param name="Exchanges">Request/response exchanges per token (retries not counted).</param>
/// <param name="Retries">Resends over the whole span, not per token.</param>
public readonly record struct LinkPerToken(double BytesSent, double BytesReceived, double LinkMilliseconds, double DeviceMilliseconds, double Exchanges, long Retries)
{
    /// <summary>Bytes both ways per token.</summary>
    public double Bytes => BytesSent + BytesReceived;

    /// <summary>Divides the statistics of a measured span (<see cref="LinkStatistics.Since"/>) by the tokens it produced.</summary>
    public static LinkPerToken From(in LinkStatistics span, int tokens)
    {
        if (tokens <= 0) throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "per-token figures need at least one token");
        return new LinkPerToken(
            (double)span.BytesSent / tokens, (double)span.BytesReceived / tokens,
            span.LinkSeconds * 1000 / tokens, span.DeviceSeconds * 1000 / tokens,
            (double)span.Exchanges / tokens, span.Retries);
    }
}
