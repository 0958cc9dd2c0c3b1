namespace EdgeMmf.Bridge.DeviceModel;

/// <summary>
/// Limits and link behaviour of the reference device model. The defaults describe a mid-size
/// FPGA card with 512 MiB of DDR for resident weights: enough for every BitLinear layer of
/// MMfreeLM-1.3B (~318 MB in TQ2_0, docs/model-spec.md "Sizes").
/// </summary>
public sealed record DeviceModelOptions
{
    /// <summary>Most rows of one matrix; uploads with more are refused with <see cref="Protocol.BridgeStatus.TooLarge"/>.</summary>
    public int MaxRows { get; init; } = 65536;
    /// <summary>Most padded columns of one matrix (a multiple of 256); uploads with more are refused with TooLarge.</summary>
    public int MaxColumns { get; init; } = 16384;
    /// <summary>Number of weight slots.</summary>
    public int ResidentSlots { get; init; } = 1024;
    /// <summary>Weight memory in bytes shared by all slots; an upload beyond it is refused with OutOfCapacity.</summary>
    public long ResidentBytes { get; init; } = 512L << 20;
    /// <summary>Reported fabric clock; the model does not simulate cycles.</summary>
    public int ClockHz { get; init; } = 200_000_000;
    /// <summary>Largest frame payload the device accepts and sends; a Run whose results need more is refused with TooLarge.</summary>
    public int MaxPayloadBytes { get; init; } = 1 << 20;
    /// <summary>Most vectors in one Run.</summary>
    public int MaxVectorsPerRun { get; init; } = 64;
    /// <summary>Most matrices in one Run.</summary>
    public int MaxMatricesPerRun { get; init; } = 8;
    /// <summary>Simulated link throughput (both directions share it, as on SPI); 0 = as fast as the socket.</summary>
    public long LinkBytesPerSecond { get; init; }
    /// <summary>Simulated fixed latency per request/response exchange.</summary>
    public int LatencyMicroseconds { get; init; }
    /// <summary>A partial frame that stops arriving for this long is abandoned and the receiver resynchronises.</summary>
    public int FrameTimeoutMilliseconds { get; init; } = 50;
}
