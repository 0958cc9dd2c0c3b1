namespace EdgeMmf.Device.Campaigns;

/// <summary>
/// Where the "fpga" backend's device is and which projections it runs, in the syntax of
/// <c>edgemmf generate --bridge/--offload</c> (docs/bridge-protocol.md). Needed when a plan lists "fpga".
/// </summary>
public sealed class FpgaPlan
{
    /// <summary>spi:/dev/spidevB.C@HZ, xdma:/dev/xdma0, sim:HOST:PORT or pipe:/path.</summary>
    public string? Bridge { get; set; }

    /// <summary>layers=0-11,14 or layers=all, optionally ",head".</summary>
    public string Offload { get; set; } = "layers=all";
}
