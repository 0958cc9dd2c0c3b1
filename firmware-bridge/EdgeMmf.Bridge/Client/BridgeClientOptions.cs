namespace EdgeMmf.Bridge.Client;

/// <summary>How patient the host is with the device.</summary>
public sealed record BridgeClientOptions
{
    /// <summary>Time allowed for a response beyond the transfer time of its bytes.</summary>
    public int ResponseTimeoutMilliseconds { get; init; } = 1000;
    /// <summary>Resends of one request after a timeout or CRC error before giving up.</summary>
    public int MaxRetries { get; init; } = 3;
    /// <summary>The link's expected throughput (SPI: clock / 8); timeouts grow by the time the bytes need. 0 = do not scale.</summary>
    public long ExpectedBytesPerSecond { get; init; }
    /// <summary>Ask for 3-byte accumulators when the device supports them and they are exact (see ResultFormat.Int24).</summary>
    public bool PreferInt24Accumulators { get; init; } = true;
}
