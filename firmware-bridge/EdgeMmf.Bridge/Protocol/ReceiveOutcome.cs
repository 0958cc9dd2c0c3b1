namespace EdgeMmf.Bridge.Protocol;

/// <summary>What <see cref="FrameReceiver.Receive"/> found before its deadline.</summary>
public enum ReceiveOutcome
{
    /// <summary>A complete frame with matching CRCs.</summary>
    Frame,
    /// <summary>A frame whose header was valid but whose payload CRC was not; the header is still reported.</summary>
    PayloadCrcError,
    /// <summary>No complete frame before the deadline.</summary>
    Timeout,
}
