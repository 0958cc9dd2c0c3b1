using EdgeMmf.Bridge.Addressing;
using EdgeMmf.Bridge.Errors;
using EdgeMmf.Bridge.Protocol;
using EdgeMmf.Bridge.Transports;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Offload;

namespace EdgeMmf.Bridge.Client;

/// <summary>
/// Runs the BitLinear projections of the layers an <see cref="OffloadSpec"/> names on an FPGA
/// through a <see cref="BridgeClient"/>. <see cref="Handles"/> uploads each chosen matrix once
/// (weights stay resident, so per token only activations and accumulators cross the link);
/// a matrix the device cannot hold (dimensions, slots, memory) stays on the CPU. The first
/// failure (timeout after retries, disconnect, device error) sets <see cref="FailureReason"/> and
/// from then on every call returns false, so the runtime computes the rest on the CPU.
/// </summary>
public sealed class FpgaProjectionOffload : IProjectionOffload, IDisposable
{
    private readonly BridgeClient _client;
    private readonly OffloadSpec _spec;
    private readonly bool _ownsClient;
    private readonly Dictionary<TernaryMatrix, ushort> _slots = new(ReferenceEqualityComparer.Instance);
    private int _nextSlot;

    /// <summary>
    /// An offload of the layers <paramref name="spec"/> names through <paramref name="client"/>, handshaking first if the
    /// client is not open. A failed handshake does not throw: it sets <see cref="FailureReason"/>, and nothing is offloaded.
    /// </summary>
    /// <param name="client">
    /// The device's client. Uploads go to slots 0, 1, ... in order; weights other slots hold can make one fail for
    /// memory, which <see cref="Connect"/> avoids by resetting the device first.
    /// </param>
    /// <param name="spec">Which layers go to the device.</param>
    /// <param name="ownsClient">Whether <see cref="Dispose"/> disposes <paramref name="client"/>.</param>
    public FpgaProjectionOffload(BridgeClient client, OffloadSpec spec, bool ownsClient = false)
    {
        _client = client;
        _spec = spec;
        _ownsClient = ownsClient;
        if (!client.IsOpen) Guard(() => client.Handshake());
    }

    /// <summary>
    /// Connects to <paramref name="address"/>, handshakes, resets the device (so slots left by an
    /// earlier session cannot fill its memory) and returns an offload that owns the link.
    /// </summary>
    public static FpgaProjectionOffload Connect(BridgeAddress address, OffloadSpec spec, BridgeClientOptions? options = null)
    {
        options ??= new BridgeClientOptions { ExpectedBytesPerSecond = BridgeTransportFactory.ExpectedBytesPerSecond(address) };
        var client = new BridgeClient(BridgeTransportFactory.Open(address), options);
        try
        {
            client.Handshake();
            client.Reset();
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return new FpgaProjectionOffload(client, spec, ownsClient: true);
    }

    /// <summary>The client the offload runs on; its <see cref="BridgeClient.Statistics"/> count the link traffic.</summary>
    public BridgeClient Client => _client;

    /// <summary>The message of the first <see cref="BridgeException"/> (handshake, upload or Run), else null.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>Whether a failure has happened; from then on every projection runs on the CPU.</summary>
    public bool HasFailed => FailureReason is not null;

    /// <summary>Matrices uploaded to the device so far, one slot each.</summary>
    public int ResidentMatrices => _slots.Count;

    /// <summary>Device memory those matrices take, in TQ2_0 bytes (<see cref="BridgeClient.DeviceBytes"/>).</summary>
    public long ResidentBytes { get; private set; }
    /// <summary>Matrices of offloaded layers kept on the CPU because the device could not hold them.</summary>
    public int MatricesKeptOnCpu { get; private set; }

    /// <summary>
    /// Whether the device will compute <paramref name="matrix"/> of <paramref name="layer"/> (-1 for lm_head): true when the
    /// layer is in the spec and the matrix is resident, uploading it on first sight. False for other layers, after a
    /// failure, and for a matrix beyond the device's rows, columns, slots, memory or frame size (<see cref="MatricesKeptOnCpu"/>).
    /// </summary>
    public bool Handles(int layer, TernaryMatrix matrix)
    {
        if (HasFailed || !_spec.Includes(layer)) return false;
        if (_slots.ContainsKey(matrix)) return true;
        if (!Fits(matrix))
        {
            MatricesKeptOnCpu++;
            return false;
        }
        int slot = _nextSlot;
        if (!Guard(() => _client.Upload(slot, matrix))) return false;
        _slots.Add(matrix, (ushort)slot);
        _nextSlot++;
        ResidentBytes += BridgeClient.DeviceBytes(matrix);
        return true;
    }

    /// <summary>
    /// Computes exact int32 accumulators for <paramref name="tokens"/> vectors on the device, in as many Runs as its
    /// limits need (<see cref="BridgeClient.MaxVectorsPerRun"/>). False after a failure, or when this one fails
    /// (<see cref="FailureReason"/> says why); the caller then computes on the CPU.
    /// </summary>
    /// <param name="matrix">A matrix <see cref="Handles"/> accepted.</param>
    /// <param name="activations"><paramref name="tokens"/> int8 vectors of <c>matrix.PaddedColumns</c> values, back to back.</param>
    /// <param name="tokens">Number of vectors.</param>
    /// <param name="accumulators">Receives <paramref name="tokens"/> x <c>matrix.Rows</c> values, vector by vector.</param>
    public bool TryComputeAccumulators(TernaryMatrix matrix, ReadOnlySpan<sbyte> activations, int tokens, Span<int> accumulators)
    {
        if (HasFailed) return false;
        if (!_slots.TryGetValue(matrix, out ushort slot))
        {
            FailureReason = $"{matrix.Name} is not resident on {_client.Description}: the runtime asked for a matrix Handles refused";
            return false;
        }
        try
        {
            ReadOnlySpan<ushort> slots = new(in slot);
            int perRun = _client.MaxVectorsPerRun(slots, ActivationLayout.PerMatrix, _client.AccumulatorFormat(matrix.PaddedColumns));
            for (int first = 0; first < tokens; first += perRun)
            {
                int count = Math.Min(perRun, tokens - first);
                _client.Run(slots, ActivationLayout.PerMatrix,
                    activations.Slice(first * matrix.PaddedColumns, count * matrix.PaddedColumns), count,
                    accumulators.Slice(first * matrix.Rows, count * matrix.Rows));
            }
            return true;
        }
        catch (BridgeException e)
        {
            FailureReason = e.Message;
            return false;
        }
    }

    private bool Fits(TernaryMatrix matrix)
    {
        DeviceCapabilities device = _client.Capabilities;
        long oneVectorResponse = RunLayout.ResponseFixedBytes + 4L * matrix.Rows;
        long oneVectorRequest = RunLayout.AfterSlots(1) + matrix.PaddedColumns;
        return matrix.Rows <= device.MaxRows && matrix.PaddedColumns <= device.MaxColumns
            && _nextSlot < device.ResidentSlots && ResidentBytes + BridgeClient.DeviceBytes(matrix) <= device.ResidentBytes
            && oneVectorResponse <= device.MaxPayloadBytes && oneVectorRequest <= device.MaxPayloadBytes;
    }

    private bool Guard(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (BridgeException e)
        {
            FailureReason = e.Message;
            return false;
        }
    }

    /// <summary>Disposes the client if the offload owns it (<see cref="Connect"/>); otherwise nothing.</summary>
    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
