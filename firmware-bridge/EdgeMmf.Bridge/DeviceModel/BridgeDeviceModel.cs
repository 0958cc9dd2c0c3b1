using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using EdgeMmf.Bridge.Errors;
using EdgeMmf.Bridge.Protocol;
using EdgeMmf.Bridge.Transports;
using EdgeMmf.Runtime.Formats;

namespace EdgeMmf.Bridge.DeviceModel;

/// <summary>
/// The reference device: answers the bridge protocol (docs/bridge-protocol.md) exactly as the
/// FPGA firmware must, with integer ternary arithmetic (<see cref="TernaryGemv"/>), a resident
/// weight store with capacity limits, counters, a simulated link speed and injected faults.
/// Weights stay resident across connections, as they do in the card's DDR, until Reset.
/// </summary>
public sealed class BridgeDeviceModel
{
    private static readonly long PollTicks = Stopwatch.Frequency / 50;
    private readonly DeviceModelOptions _options;
    private readonly ResidentLayerStore _store;
    private readonly LinkSimulator _link;
    private readonly int[] _accumulators;
    private long _framesReceived, _framesSent, _crcErrors, _retransmissions, _runs, _vectors, _additions, _computeTicks, _bytesReceived, _bytesSent;

    /// <summary>
    /// An empty device with the limits of <paramref name="options"/> (defaults when null) and the faults of <paramref name="faults"/>
    /// (none when null).
    /// </summary>
    public BridgeDeviceModel(DeviceModelOptions? options = null, FaultInjector? faults = null)
    {
        _options = options ?? new DeviceModelOptions();
        _store = new ResidentLayerStore(_options.ResidentSlots, _options.ResidentBytes);
        _link = new LinkSimulator(_options.LinkBytesPerSecond, _options.LatencyMicroseconds);
        _accumulators = new int[_options.MaxRows];
        Faults = faults ?? new FaultInjector();
        Capabilities = new DeviceCapabilities(
            FrameLayout.ProtocolVersion, _options.MaxRows, _options.MaxColumns, _options.ResidentSlots, _options.ResidentBytes,
            PackingFormats: 1 << (int)PackingFormat.Tq2_0,
            ResultFormats: (1 << (int)ResultFormat.Int32) | (1 << (int)ResultFormat.Int24) | (1 << (int)ResultFormat.Float32),
            _options.ClockHz, _options.MaxPayloadBytes, _options.MaxVectorsPerRun, _options.MaxMatricesPerRun);
    }

    /// <summary>What Hello reports: the options' limits, TQ2_0 packing, and int32, int24 and float32 results.</summary>
    public DeviceCapabilities Capabilities { get; }

    /// <summary>The faults applied to sent frames; rules may be added while the device serves.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Frames sent so far (fault rules count them from 1).</summary>
    public long FramesSent => Volatile.Read(ref _framesSent);

    /// <summary>
    /// The counters ReadCounters would return now. Another thread may read them while the device serves; the eleven
    /// values are not taken atomically.
    /// </summary>
    public DeviceCounters Counters => new(
        Volatile.Read(ref _framesReceived), Volatile.Read(ref _framesSent), Volatile.Read(ref _crcErrors), Volatile.Read(ref _retransmissions),
        Volatile.Read(ref _runs), Volatile.Read(ref _vectors), Volatile.Read(ref _additions), _store.AllocatedBytes,
        Volatile.Read(ref _computeTicks) * 1_000_000_000 / Stopwatch.Frequency, Volatile.Read(ref _bytesReceived), Volatile.Read(ref _bytesSent));

    /// <summary>Serves one connected host until it disconnects, a disconnect fault fires, or <paramref name="cancellation"/> is signalled.</summary>
    public void Serve(IBridgeTransport link, CancellationToken cancellation)
    {
        var receiver = new FrameReceiver(_options.MaxPayloadBytes);
        var response = new byte[FrameLayout.FrameBytes(_options.MaxPayloadBytes)];
        var control = new byte[FrameLayout.FrameBytes(256)];
        long frameTimeoutTicks = _options.FrameTimeoutMilliseconds * Stopwatch.Frequency / 1000;
        bool sessionOpen = false;
        int cachedLength = 0;
        ushort cachedSequence = 0;
        MessageType cachedType = 0;
        long partialSince = 0;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                ReceiveOutcome outcome = receiver.Receive(link, Stopwatch.GetTimestamp() + PollTicks, out FrameHeader header);
                long now = Stopwatch.GetTimestamp();
                if (outcome == ReceiveOutcome.Timeout)
                {
                    // A frame that stopped arriving (dropped bytes) is abandoned so the retry parses cleanly.
                    if (receiver.BufferedBytes == 0) partialSince = 0;
                    else if (partialSince == 0) partialSince = now;
                    else if (now - partialSince > frameTimeoutTicks) { receiver.SkipStalledFrame(); partialSince = 0; }
                    continue;
                }
                partialSince = 0;
                _framesReceived++;
                _bytesReceived += header.FrameBytes;
                if (header.IsResponse) continue;

                if (outcome == ReceiveOutcome.PayloadCrcError)
                {
                    _crcErrors++;
                    int nak = WriteError(control, header, BridgeStatus.CrcError, "payload CRC-32C mismatch; resend with the same sequence number");
                    if (!Send(link, control, nak, now, header.FrameBytes, cancellation)) return;
                    continue;
                }
                if (cachedLength > 0 && header.Sequence == cachedSequence && header.Type == cachedType)
                {
                    // A retry of the request just answered: resend, never execute twice.
                    _retransmissions++;
                    if (!Send(link, response, cachedLength, now, header.FrameBytes, cancellation)) return;
                    continue;
                }
                int length = Dispatch(header, receiver.Payload, response, ref sessionOpen);
                cachedLength = length;
                cachedSequence = header.Sequence;
                cachedType = header.Type;
                if (!Send(link, response, length, now, header.FrameBytes, cancellation)) return;
            }
        }
        catch (BridgeDisconnectedException)
        {
            // The host went away; weights stay resident for the next connection.
        }
    }

    private int Dispatch(in FrameHeader header, ReadOnlySpan<byte> payload, byte[] response, ref bool sessionOpen)
    {
        if (header.Type == MessageType.Hello) return Hello(header, payload, response, ref sessionOpen);
        if (!sessionOpen) return WriteError(response, header, BridgeStatus.NoSession, "send Hello first: no session on this connection");
        return header.Type switch
        {
            MessageType.UploadWeights => UploadWeights(header, payload, response),
            MessageType.Run => Run(header, payload, response),
            MessageType.Reset => Reset(header, response),
            MessageType.ReadCounters => ReadCounters(header, response),
            _ => WriteError(response, header, BridgeStatus.UnknownMessage, $"unknown message type 0x{(byte)header.Type:X2}"),
        };
    }

    private int Hello(in FrameHeader header, ReadOnlySpan<byte> payload, byte[] response, ref bool sessionOpen)
    {
        if (payload.Length < 2) return WriteError(response, header, BridgeStatus.BadLength, "Hello carries the host's u16 protocol version");
        ushort hostVersion = BinaryPrimitives.ReadUInt16LittleEndian(payload);
        if (hostVersion != FrameLayout.ProtocolVersion)
            return WriteError(response, header, BridgeStatus.VersionMismatch,
                $"host speaks bridge protocol v{hostVersion}, this device v{FrameLayout.ProtocolVersion}; update the host or the firmware");
        sessionOpen = true;
        Capabilities.Write(response.AsSpan(FrameLayout.HeaderBytes));
        return Ok(response, header, DeviceCapabilities.EncodedBytes);
    }

    private int UploadWeights(in FrameHeader header, ReadOnlySpan<byte> payload, byte[] response)
    {
        if (payload.Length < UploadWeightsHeader.EncodedBytes)
            return WriteError(response, header, BridgeStatus.BadLength, $"UploadWeights payload of {payload.Length} bytes is shorter than its {UploadWeightsHeader.EncodedBytes}-byte header");
        UploadWeightsHeader upload = UploadWeightsHeader.Read(payload);
        ReadOnlySpan<byte> chunk = payload[UploadWeightsHeader.EncodedBytes..];
        if ((uint)upload.Slot >= (uint)_store.SlotCount)
            return WriteError(response, header, BridgeStatus.SlotOutOfRange, $"slot {upload.Slot} is outside 0..{_store.SlotCount - 1}");
        if (upload.Format != PackingFormat.Tq2_0)
            return WriteError(response, header, BridgeStatus.UnsupportedFormat, $"packing format {(byte)upload.Format} is not supported (TQ2_0 = 0 is)");
        if (upload.Rows < 1 || upload.Rows > _options.MaxRows || upload.PaddedColumns < Tq2_0.BlockWeights
            || upload.PaddedColumns % Tq2_0.BlockWeights != 0 || upload.PaddedColumns > _options.MaxColumns)
            return WriteError(response, header, BridgeStatus.TooLarge,
                $"[{upload.Rows}, {upload.PaddedColumns}] does not fit: rows 1..{_options.MaxRows}, columns a multiple of 256 up to {_options.MaxColumns}");
        if ((long)upload.Rows * Tq2_0.RowBytes(upload.PaddedColumns) != upload.TotalBytes)
            return WriteError(response, header, BridgeStatus.ShapeMismatch, $"total {upload.TotalBytes} bytes is not {upload.Rows} rows of TQ2_0 [{upload.PaddedColumns}]");
        if (upload.ByteOffset < 0 || (long)upload.ByteOffset + chunk.Length > upload.TotalBytes)
            return WriteError(response, header, BridgeStatus.BadLength, $"chunk [{upload.ByteOffset}, +{chunk.Length}) runs past {upload.TotalBytes} bytes");

        ResidentLayer? layer = _store[upload.Slot];
        if (upload.ByteOffset == 0)
        {
            // Offset 0 starts (or restarts) the slot; same shape reuses the memory.
            if (layer is null || !layer.Matches(upload))
            {
                layer = new ResidentLayer(upload.Format, upload.Rows, upload.PaddedColumns, upload.WeightScale, upload.TotalBytes);
                if (!_store.TryAllocate(upload.Slot, layer))
                    return WriteError(response, header, BridgeStatus.OutOfCapacity,
                        $"slot {upload.Slot} needs {upload.TotalBytes} bytes; {_store.AllocatedBytes} of {_store.CapacityBytes} are in use. Offload fewer layers");
            }
            layer.BytesReceived = 0;
        }
        else if (layer is null || !layer.Matches(upload))
            return WriteError(response, header, BridgeStatus.ShapeMismatch, $"chunk at offset {upload.ByteOffset} does not continue the upload into slot {upload.Slot}; start at offset 0");
        if (upload.ByteOffset > layer.BytesReceived)
            return WriteError(response, header, BridgeStatus.OutOfOrder, $"chunk at offset {upload.ByteOffset} but slot {upload.Slot} has {layer.BytesReceived} bytes");

        chunk.CopyTo(layer.Packed.AsSpan(upload.ByteOffset));
        layer.BytesReceived = Math.Max(layer.BytesReceived, upload.ByteOffset + chunk.Length);
        Span<byte> body = response.AsSpan(FrameLayout.HeaderBytes, UploadWeightsHeader.ResponseBytes);
        body.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(body, layer.BytesReceived);
        body[4] = layer.IsResident ? (byte)1 : (byte)0;
        return Ok(response, header, UploadWeightsHeader.ResponseBytes);
    }

    private int Run(in FrameHeader header, ReadOnlySpan<byte> payload, byte[] response)
    {
        if (payload.Length < RunLayout.FixedBytes) return WriteError(response, header, BridgeStatus.BadLength, "Run payload is shorter than its 8-byte header");
        var format = (ResultFormat)payload[RunLayout.ResultFormatOffset];
        int matrices = payload[RunLayout.MatrixCountOffset];
        int vectors = BinaryPrimitives.ReadUInt16LittleEndian(payload[RunLayout.VectorCountOffset..]);
        var layout = (ActivationLayout)payload[RunLayout.ActivationLayoutOffset];
        if (!Capabilities.Supports(format) || layout > ActivationLayout.Shared)
            return WriteError(response, header, BridgeStatus.UnsupportedFormat, $"result format {(byte)format} / activation layout {(byte)layout} is not supported");
        if (matrices < 1 || matrices > _options.MaxMatricesPerRun || vectors < 1 || vectors > _options.MaxVectorsPerRun)
            return WriteError(response, header, BridgeStatus.TooLarge,
                $"{matrices} matrices x {vectors} vectors: this device runs 1..{_options.MaxMatricesPerRun} matrices and 1..{_options.MaxVectorsPerRun} vectors at once");
        int offset = RunLayout.AfterSlots(matrices);
        if (payload.Length < offset) return WriteError(response, header, BridgeStatus.BadLength, $"Run payload too short for {matrices} slot numbers");

        int blocks = layout == ActivationLayout.Shared ? 1 : matrices;
        long activationBytes = 0;
        long responseBytes = RunLayout.ResponseFixedBytes;
        for (int m = 0; m < matrices; m++)
        {
            int slot = BinaryPrimitives.ReadUInt16LittleEndian(payload[(RunLayout.SlotsOffset + 2 * m)..]);
            ResidentLayer? layer = _store[slot];
            if (layer is null || !layer.IsResident)
                return WriteError(response, header, BridgeStatus.NotResident, $"slot {slot} holds no complete weights; upload it first");
            ResidentLayer first = _store[BinaryPrimitives.ReadUInt16LittleEndian(payload[RunLayout.SlotsOffset..])]!;
            if (layout == ActivationLayout.Shared && layer.PaddedColumns != first.PaddedColumns)
                return WriteError(response, header, BridgeStatus.ShapeMismatch, "a shared activation block needs every matrix to have the same columns");
            if (m < blocks) activationBytes += (long)vectors * layer.PaddedColumns;
            responseBytes += (long)vectors * layer.Rows * RunLayout.BytesPerResult(format);
        }
        int scalesOffset = offset;
        if (format == ResultFormat.Float32) offset += sizeof(float) * vectors * blocks;
        if (payload.Length != offset + activationBytes)
            return WriteError(response, header, BridgeStatus.BadLength, $"Run payload is {payload.Length} bytes; its header describes {offset + activationBytes}");
        if (responseBytes > _options.MaxPayloadBytes)
            return WriteError(response, header, BridgeStatus.TooLarge, $"the results need {responseBytes} bytes, over the {_options.MaxPayloadBytes}-byte payload limit; send fewer vectors per Run");

        long started = Stopwatch.GetTimestamp();
        Span<byte> output = response.AsSpan(FrameLayout.HeaderBytes + RunLayout.ResponseFixedBytes);
        int blockOffset = offset;
        for (int m = 0; m < matrices; m++)
        {
            ResidentLayer layer = _store[BinaryPrimitives.ReadUInt16LittleEndian(payload[(RunLayout.SlotsOffset + 2 * m)..])]!;
            int block = layout == ActivationLayout.Shared ? 0 : m;
            if (block == 0) blockOffset = offset;
            int columns = layer.PaddedColumns;
            Span<int> acc = _accumulators.AsSpan(0, layer.Rows);
            for (int t = 0; t < vectors; t++)
            {
                ReadOnlySpan<sbyte> q = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(payload.Slice(blockOffset + t * columns, columns));
                _additions += TernaryGemv.Compute(layer.Packed, layer.Rows, columns, q, acc);
                float scale = format == ResultFormat.Float32
                    ? BinaryPrimitives.ReadSingleLittleEndian(payload[(scalesOffset + sizeof(float) * (block * vectors + t))..])
                    : 0f;
                output = WriteResults(acc, format, scale, layer.WeightScale, output);
            }
            if (layout == ActivationLayout.PerMatrix) blockOffset += vectors * columns;
        }
        long elapsed = Stopwatch.GetTimestamp() - started;
        _computeTicks += elapsed;
        _runs++;
        _vectors += (long)vectors * matrices;
        Span<byte> fixedPart = response.AsSpan(FrameLayout.HeaderBytes, RunLayout.ResponseFixedBytes);
        fixedPart.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart, (uint)Math.Min(uint.MaxValue, elapsed * 1_000_000_000 / Stopwatch.Frequency));
        return Ok(response, header, (int)responseBytes);
    }

    private static Span<byte> WriteResults(ReadOnlySpan<int> acc, ResultFormat format, float activationScale, float weightScale, Span<byte> output)
    {
        switch (format)
        {
            case ResultFormat.Int32:
                for (int i = 0; i < acc.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(output[(4 * i)..], acc[i]);
                return output[(4 * acc.Length)..];
            case ResultFormat.Int24:
                for (int i = 0; i < acc.Length; i++)
                {
                    output[3 * i] = (byte)acc[i];
                    output[3 * i + 1] = (byte)(acc[i] >> 8);
                    output[3 * i + 2] = (byte)(acc[i] >> 16);
                }
                return output[(3 * acc.Length)..];
            default:
                // out_i = acc_i / (s_x * s_w), docs/model-spec.md "BitLinear" step 4.
                float denominator = activationScale * weightScale;
                for (int i = 0; i < acc.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(output[(4 * i)..], acc[i] / denominator);
                return output[(4 * acc.Length)..];
        }
    }

    private int Reset(in FrameHeader header, byte[] response)
    {
        _store.Clear();
        return Ok(response, header, 0);
    }

    private int ReadCounters(in FrameHeader header, byte[] response)
    {
        Counters.Write(response.AsSpan(FrameLayout.HeaderBytes));
        return Ok(response, header, DeviceCounters.EncodedBytes);
    }

    private static int Ok(byte[] response, in FrameHeader request, int payloadLength) =>
        FrameCodec.Seal(response, request.Type, FrameFlags.Response, request.Sequence, BridgeStatus.Ok, payloadLength);

    private static int WriteError(byte[] response, in FrameHeader request, BridgeStatus status, string message)
    {
        int capacity = response.Length - FrameLayout.OverheadBytes;
        if (Encoding.UTF8.GetByteCount(message) > capacity) message = message[..(capacity / 4)];
        int length = Encoding.UTF8.GetBytes(message, response.AsSpan(FrameLayout.HeaderBytes));
        return FrameCodec.Seal(response, request.Type, FrameFlags.Response | FrameFlags.Error, request.Sequence, status, length);
    }

    /// <summary>Sends after the simulated link time, applying any scheduled fault; false once the link is closed.</summary>
    private bool Send(IBridgeTransport link, byte[] frame, int length, long requestCompleted, int requestBytes, CancellationToken cancellation)
    {
        _link.WaitFor(requestCompleted, requestBytes + length);
        long number = Interlocked.Increment(ref _framesSent);
        switch (Faults.ForFrame(number))
        {
            case FaultKind.Disconnect:
                link.Dispose();
                return false;
            case FaultKind.Stall:
                cancellation.WaitHandle.WaitOne(Faults.StallMilliseconds);
                break;
            case FaultKind.Crc:
            {
                int last = length - 1; // the payload CRC's top byte
                frame[last] ^= 0x01;
                link.Write(frame.AsSpan(0, length));
                frame[last] ^= 0x01; // keep the cached copy intact for the retry
                _bytesSent += length;
                return true;
            }
            case FaultKind.Drop:
            {
                int dropped = Math.Min(Faults.DroppedBytes, length - 1);
                int at = length / 2;
                link.Write(frame.AsSpan(0, at));
                link.Write(frame.AsSpan(at + dropped, length - at - dropped));
                _bytesSent += length - dropped;
                return true;
            }
        }
        link.Write(frame.AsSpan(0, length));
        _bytesSent += length;
        return true;
    }
}
