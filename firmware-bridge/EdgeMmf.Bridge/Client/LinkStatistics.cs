using System.Diagnostics;

namespace EdgeMmf.Bridge.Client;

/// <summary>
/// Running totals of the host side of the link, for bench reports: take a snapshot before and
/// after a token and subtract (<see cref="Since"/>). Link time is the wall time of the exchanges
/// minus the compute time the device reported for its Runs.
/// </summary>
public record struct LinkStatistics
{
    /// <summary>Requests sent, each counted once however many attempts it took.</summary>
    public long Exchanges { get; set; }
    /// <summary>Resends of a request (same frame, same sequence number) after a timeout or CRC error.</summary>
    public long Retries { get; set; }
    /// <summary>Attempts that got no matching response before their deadline.</summary>
    public long Timeouts { get; set; }
    /// <summary>
    /// Responses that failed their payload CRC, plus <see cref="Protocol.BridgeStatus.CrcError"/> answers from the device.
    /// </summary>
    public long CrcErrors { get; set; }
    /// <summary>Responses discarded because they answered an earlier attempt (sequence mismatch).</summary>
    public long StaleFrames { get; set; }
    /// <summary>Frame bytes written to the link, resends included.</summary>
    public long BytesSent { get; set; }
    /// <summary>Bytes of the frames received (stale and corrupt ones included; skipped idle or garbage bytes not).</summary>
    public long BytesReceived { get; set; }
    /// <summary>Wall time spent in exchanges, Stopwatch ticks.</summary>
    public long ExchangeTicks { get; set; }
    /// <summary>Compute time reported by the device in Run responses.</summary>
    public long DeviceNanoseconds { get; set; }

    /// <summary><see cref="ExchangeTicks"/> in seconds.</summary>
    public readonly double ExchangeSeconds => (double)ExchangeTicks / Stopwatch.Frequency;
    /// <summary><see cref="DeviceNanoseconds"/> in seconds.</summary>
    public readonly double DeviceSeconds => DeviceNanoseconds * 1e-9;
    /// <summary>Time on the link: exchange time minus device time, at least 0.</summary>
    public readonly double LinkSeconds => Math.Max(0, ExchangeSeconds - DeviceSeconds);
    /// <summary>Bytes both ways.</summary>
    public readonly long LinkBytes => BytesSent + BytesReceived;

    /// <summary>The totals accumulated since <paramref name="earlier"/>, a snapshot of the same client.</summary>
    public readonly LinkStatistics Since(in LinkStatistics earlier) => new()
    {
        Exchanges = Exchanges - earlier.Exchanges,
        Retries = Retries - earlier.Retries,
        Timeouts = Timeouts - earlier.Timeouts,
        CrcErrors = CrcErrors - earlier.CrcErrors,
        StaleFrames = StaleFrames - earlier.StaleFrames,
        BytesSent = BytesSent - earlier.BytesSent,
        BytesReceived = BytesReceived - earlier.BytesReceived,
        ExchangeTicks = ExchangeTicks - earlier.ExchangeTicks,
        DeviceNanoseconds = DeviceNanoseconds - earlier.DeviceNanoseconds,
    };
}
