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

    public BridgeClient Client => _client;
    public string? FailureReason { get; private set; }
    public bool HasFailed => FailureReason is not null;
    public int ResidentMatrices => _slots.Count;
    public long ResidentBytes { get; private set; }
    /// <summary>Matrices of offloaded layers kept on the CPU because the device could not hold them.</summary>
    public int MatricesKeptOnCpu { get; private set; }

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

    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
