using EdgeMmf.Bridge.Addressing;
using EdgeMmf.Bridge.Errors;

namespace EdgeMmf.Bridge.Client;

/// <summary>
/// What <c>--offload</c> and <c>--bridge</c> ask for, parsed and checked together so the CLI's
/// generate and bench commands share one rule set: both or neither, valid syntax, and layer
/// numbers the model has. <see cref="Connect"/> opens the link and handshakes.
/// </summary>
/// <param name="Layers">The parsed <c>--offload</c> value.</param>
/// <param name="Bridge">The parsed <c>--bridge</c> value.</param>
public sealed record OffloadRequest(OffloadSpec Layers, BridgeAddress Bridge)
{
    /// <summary>Null when neither option is given; throws a <see cref="BridgeException"/> naming the problem otherwise.</summary>
    public static OffloadRequest? Parse(string? offload, string? bridge)
    {
        bool hasOffload = !string.IsNullOrWhiteSpace(offload), hasBridge = !string.IsNullOrWhiteSpace(bridge);
        if (!hasOffload && !hasBridge) return null;
        if (!hasBridge)
            throw new BridgeAddressException($"--offload {offload} needs --bridge to say where the FPGA is (spi:/dev/spidev0.0@30000000, xdma:/dev/xdma0, sim:127.0.0.1:PORT or pipe:/path).");
        if (!hasOffload)
            throw new OffloadSpecException($"--bridge {bridge} needs --offload to say which layers go to the FPGA (e.g. layers=0-11).");
        return new OffloadRequest(OffloadSpec.Parse(offload!), BridgeAddress.Parse(bridge!));
    }

    /// <summary>Checks the layers against the model, connects, handshakes; the caller disposes the offload.</summary>
    public FpgaProjectionOffload Connect(int modelLayers, BridgeClientOptions? options = null)
    {
        Layers.Validate(modelLayers);
        return FpgaProjectionOffload.Connect(Bridge, Layers, options);
    }

    /// <summary>Both options in one line, e.g. <c>layers=0-11 on sim:127.0.0.1:5025</c>.</summary>
    public override string ToString() => $"{Layers} on {Bridge}";
}
