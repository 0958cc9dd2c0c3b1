using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using EdgeMmf.Bridge.Errors;
using EdgeMmf.Bridge.Protocol;
using EdgeMmf.Bridge.Transports;
using EdgeMmf.Runtime.Formats;
using EdgeMmf.Runtime.Kernels;

namespace EdgeMmf.Bridge.Client;

/// <summary>
/// The host end of the bridge protocol (docs/bridge-protocol.md): handshake, weight upload,
/// Run, Reset and counters over any <see cref="IBridgeTransport"/>. Every request gets a new
/// sequence number; a timeout, a corrupt response or a device-reported CRC error resends the
/// same frame (same sequence number, so the device answers from its cache instead of executing
/// twice) up to <see cref="BridgeClientOptions.MaxRetries"/> times. Responses to earlier attempts
/// are recognised by their sequence number and dropped. After <see cref="Handshake"/> the Run path
/// uses only preallocated buffers. Not thread-safe: one caller at a time.
/// </summary>
public sealed class BridgeClient : IDisposable
{
    private const int HandshakePayloadBytes = 4096;
    private readonly IBridgeTransport _link;
    private readonly BridgeClientOptions _options;
    private FrameReceiver _receiver = new(HandshakePayloadBytes);
    private byte[] _transmit = new byte[FrameLayout.FrameBytes(HandshakePayloadBytes)];
    private int[] _slotRows = [];
    private int[] _slotColumns = [];
    private ushort _sequence;
    private LinkStatistics _statistics;

    /// <summary>
    /// A client on <paramref name="link"/>, which it owns: <see cref="Dispose"/> closes it. Sends nothing until
    /// <see cref="Handshake"/>.
    /// </summary>
    /// <param name="link">An open transport, e.g. from <see cref="BridgeTransportFactory.Open"/>.</param>
    /// <param name="options">Timeouts, retries and result format; null for the defaults.</param>
    public BridgeClient(IBridgeTransport link, BridgeClientOptions? options = null)
    {
        _link = link;
        _options = options ?? new BridgeClientOptions();
    }

    /// <summary>
    /// The link's description (e.g. <c>spi:/dev/spidev0.0@30000000</c>); the client's bridge exception messages start with it.
    /// </summary>
    public string Description => _link.Description;

    /// <summary>What the device reported in the last successful <see cref="Handshake"/>; all zero before.</summary>
    public DeviceCapabilities Capabilities { get; private set; }

    /// <summary>
    /// True after a successful <see cref="Handshake"/>. False again after a request exhausted its retries and the
    /// board was reset through its reset line: the device is empty then, so handshake and upload again.
    /// </summary>
    public bool IsOpen { get; private set; }

    /// <summary>A snapshot of the running link totals; subtract two with <see cref="LinkStatistics.Since"/> for a span.</summary>
    public LinkStatistics Statistics => _statistics;

    /// <summary>
    /// Sends Hello, checks the protocol version and learns the device's limits; sizes the buffers for them. Forgets
    /// nothing on the device: slots uploaded by an earlier session stay until <see cref="Reset"/>.
    /// </summary>
    /// <exception cref="BridgeVersionException">The device speaks another protocol version.</exception>
    /// <exception cref="BridgeException">The device lacks TQ2_0 or int32, or the link failed (see the derived types).</exception>
    public DeviceCapabilities Handshake()
    {
        Span<byte> payload = _transmit.AsSpan(FrameLayout.HeaderBytes, 4);
        payload.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(payload, FrameLayout.ProtocolVersion);
        ReadOnlySpan<byte> response = Exchange(MessageType.Hello, 4, DeviceCapabilities.EncodedBytes);
        if (response.Length < DeviceCapabilities.EncodedBytes)
            throw new BridgeException($"{Description}: Hello response has {response.Length} bytes, capabilities need {DeviceCapabilities.EncodedBytes}.");
        DeviceCapabilities capabilities = DeviceCapabilities.Read(response);
        if (capabilities.ProtocolVersion != FrameLayout.ProtocolVersion)
            throw new BridgeVersionException($"{Description}: device speaks bridge protocol v{capabilities.ProtocolVersion}, this host v{FrameLayout.ProtocolVersion}; update the firmware or EdgeMmf.");
        if (!capabilities.Supports(PackingFormat.Tq2_0) || !capabilities.Supports(ResultFormat.Int32))
            throw new BridgeException($"{Description}: device lacks TQ2_0 weights or int32 results, which every device of protocol v1 must offer.");
        if (capabilities.MaxPayloadBytes > HandshakePayloadBytes)
        {
            _receiver = new FrameReceiver(capabilities.MaxPayloadBytes);
            _transmit = new byte[FrameLayout.FrameBytes(capabilities.MaxPayloadBytes)];
        }
        _slotRows = new int[capabilities.ResidentSlots];
        _slotColumns = new int[capabilities.ResidentSlots];
        Capabilities = capabilities;
        IsOpen = true;
        return capabilities;
    }

    /// <summary>
    /// Uploads a matrix's packed rows and scale into <paramref name="slot"/>, in chunks that fit a frame.
    /// TQ2_0 rows go as they are in memory; TQ1_0 rows (a host-side storage choice) are repacked to
    /// TQ2_0 first, the device's format, which decodes with adders and shifts only.
    /// </summary>
    public unsafe void Upload(int slot, TernaryMatrix matrix)
    {
        long deviceBytes = DeviceBytes(matrix);
        if (deviceBytes > int.MaxValue)
            throw new BridgeException($"{matrix.Name}: {deviceBytes} packed bytes exceed one upload (2 GiB).");
        if (matrix.Format == TernaryFormat.Tq2_0)
        {
            Upload(slot, matrix.Rows, matrix.PaddedColumns, matrix.WeightScale, new ReadOnlySpan<byte>(matrix.Packed, (int)deviceBytes));
            return;
        }
        var repacked = new byte[deviceBytes];
        var row = new sbyte[matrix.PaddedColumns];
        TernaryFormatTraits host = matrix.Format.Traits(), device = TernaryFormatTraits.Tq2;
        int rowBytes = device.RowBytes(matrix.PaddedColumns);
        for (int r = 0; r < matrix.Rows; r++)
            host.RepackRow(matrix.Row(r), device, repacked.AsSpan(r * rowBytes, rowBytes), row);
        Upload(slot, matrix.Rows, matrix.PaddedColumns, matrix.WeightScale, repacked);
    }

    /// <summary>Bytes <paramref name="matrix"/> occupies in device memory (TQ2_0, whatever the host stores).</summary>
    public static long DeviceBytes(TernaryMatrix matrix) => (long)matrix.Rows * Tq2_0.RowBytes(matrix.PaddedColumns);

    /// <summary>
    /// Uploads <paramref name="rows"/> TQ2_0 rows of <paramref name="paddedColumns"/> columns and the weight scale into
    /// <paramref name="slot"/> as UploadWeights chunks that fit the device's frames; returns once the device reports it resident.
    /// </summary>
    /// <param name="slot">0 to <see cref="DeviceCapabilities.ResidentSlots"/> - 1; an earlier matrix there is replaced.</param>
    /// <param name="rows">Output rows of the matrix.</param>
    /// <param name="paddedColumns">Input columns, a multiple of 256.</param>
    /// <param name="weightScale">s_w, kept with the slot for float32 results.</param>
    /// <param name="packed">
    /// At least <paramref name="rows"/> x 66 x <paramref name="paddedColumns"/> / 256 bytes, rows back to back.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slot"/> is outside the device's slots.</exception>
    /// <exception cref="ArgumentException"><paramref name="packed"/> is too short.</exception>
    /// <exception cref="BridgeDeviceException">
    /// The device refused a chunk (e.g. <see cref="BridgeStatus.TooLarge"/>, <see cref="BridgeStatus.OutOfCapacity"/>).
    /// </exception>
    /// <exception cref="InvalidOperationException">Called before <see cref="Handshake"/>.</exception>
    public void Upload(int slot, int rows, int paddedColumns, float weightScale, ReadOnlySpan<byte> packed)
    {
        RequireOpen();
        if ((uint)slot >= (uint)_slotRows.Length)
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"the device has slots 0..{_slotRows.Length - 1}");
        int total = checked(rows * Tq2_0.RowBytes(paddedColumns));
        if (packed.Length < total) throw new ArgumentException($"{rows} rows of {paddedColumns} columns need {total} packed bytes; got {packed.Length}.", nameof(packed));
        int chunkBytes = _transmit.Length - FrameLayout.OverheadBytes - UploadWeightsHeader.EncodedBytes;
        int offset = 0;
        bool resident = false;
        do
        {
            int length = Math.Min(chunkBytes, total - offset);
            Span<byte> payload = _transmit.AsSpan(FrameLayout.HeaderBytes);
            new UploadWeightsHeader(slot, PackingFormat.Tq2_0, rows, paddedColumns, weightScale, offset, total).Write(payload);
            packed.Slice(offset, length).CopyTo(payload[UploadWeightsHeader.EncodedBytes..]);
            ReadOnlySpan<byte> response = Exchange(MessageType.UploadWeights, UploadWeightsHeader.EncodedBytes + length, UploadWeightsHeader.ResponseBytes);
            offset += length;
            if (response.Length < UploadWeightsHeader.ResponseBytes || BinaryPrimitives.ReadInt32LittleEndian(response) != offset)
                throw new BridgeException($"{Description}: slot {slot} acknowledged a different byte count than the {offset} sent.");
            resident = response[4] == 1;
        } while (offset < total);
        if (!resident) throw new BridgeException($"{Description}: slot {slot} received all {total} bytes but does not report them resident.");
        _slotRows[slot] = rows;
        _slotColumns[slot] = paddedColumns;
    }

    /// <summary>Rows of the matrix uploaded into <paramref name="slot"/> (0 if none).</summary>
    public int SlotRows(int slot) => _slotRows[slot];

    /// <summary>Padded columns of the matrix uploaded into <paramref name="slot"/> (0 if none).</summary>
    public int SlotColumns(int slot) => _slotColumns[slot];

    /// <summary>The result format Run uses for integer accumulators of matrices with <paramref name="paddedColumns"/> columns.</summary>
    public ResultFormat AccumulatorFormat(int paddedColumns) =>
        _options.PreferInt24Accumulators && Capabilities.Supports(ResultFormat.Int24) && paddedColumns <= 65535 ? ResultFormat.Int24 : ResultFormat.Int32;

    /// <summary>The most vectors one Run of <paramref name="slots"/> can carry within the device's limits.</summary>
    public int MaxVectorsPerRun(ReadOnlySpan<ushort> slots, ActivationLayout layout, ResultFormat format)
    {
        RequireOpen();
        long requestPerVector = 0, responsePerVector = 0;
        for (int m = 0; m < slots.Length; m++)
        {
            if (layout == ActivationLayout.PerMatrix || m == 0) requestPerVector += _slotColumns[slots[m]] + (format == ResultFormat.Float32 ? sizeof(float) : 0);
            responsePerVector += (long)_slotRows[slots[m]] * RunLayout.BytesPerResult(format);
        }
        long payload = Capabilities.MaxPayloadBytes;
        long byRequest = (payload - RunLayout.AfterSlots(slots.Length)) / Math.Max(1, requestPerVector);
        long byResponse = (payload - RunLayout.ResponseFixedBytes) / Math.Max(1, responsePerVector);
        return (int)Math.Min(Capabilities.MaxVectorsPerRun, Math.Min(byRequest, byResponse));
    }

    /// <summary>
    /// Runs BitLinear on <paramref name="vectors"/> int8 vectors against the resident <paramref name="slots"/> and
    /// writes exact integer accumulators, matrix by matrix, vector by vector, rows(m) each.
    /// Activations hold one block of vectors x columns per matrix, or one shared block.
    /// </summary>
    public void Run(ReadOnlySpan<ushort> slots, ActivationLayout layout, ReadOnlySpan<sbyte> activations, int vectors, Span<int> accumulators)
    {
        ResultFormat format = ResultFormat.Int24;
        for (int m = 0; m < slots.Length; m++)
            if (AccumulatorFormat(SlotColumnsChecked(slots[m])) == ResultFormat.Int32) format = ResultFormat.Int32;
        ReadOnlySpan<byte> results = RunExchange(slots, layout, format, activations, [], vectors, out int outputs);
        if (accumulators.Length < outputs) throw new ArgumentException($"Run produces {outputs} accumulators; the destination holds {accumulators.Length}.", nameof(accumulators));
        if (format == ResultFormat.Int24)
        {
            for (int i = 0; i < outputs; i++)
                accumulators[i] = results[3 * i] | (results[3 * i + 1] << 8) | ((sbyte)results[3 * i + 2] << 16);
        }
        else if (BitConverter.IsLittleEndian)
            MemoryMarshal.Cast<byte, int>(results[..(4 * outputs)]).CopyTo(accumulators);
        else
            for (int i = 0; i < outputs; i++) accumulators[i] = BinaryPrimitives.ReadInt32LittleEndian(results[(4 * i)..]);
    }

    /// <summary>As <see cref="Run"/> but the device finishes the outputs: acc / (s_x * s_w), one s_x per vector and block.</summary>
    public void RunFinished(ReadOnlySpan<ushort> slots, ActivationLayout layout, ReadOnlySpan<sbyte> activations, ReadOnlySpan<float> activationScales, int vectors, Span<float> outputs)
    {
        ReadOnlySpan<byte> results = RunExchange(slots, layout, ResultFormat.Float32, activations, activationScales, vectors, out int count);
        if (outputs.Length < count) throw new ArgumentException($"Run produces {count} outputs; the destination holds {outputs.Length}.", nameof(outputs));
        for (int i = 0; i < count; i++) outputs[i] = BinaryPrimitives.ReadSingleLittleEndian(results[(4 * i)..]);
    }

    private ReadOnlySpan<byte> RunExchange(ReadOnlySpan<ushort> slots, ActivationLayout layout, ResultFormat format,
        ReadOnlySpan<sbyte> activations, ReadOnlySpan<float> scales, int vectors, out int outputs)
    {
        RequireOpen();
        int matrices = slots.Length;
        if (matrices < 1 || matrices > Capabilities.MaxMatricesPerRun)
            throw new ArgumentException($"Run takes 1..{Capabilities.MaxMatricesPerRun} matrices on this device; got {matrices}.", nameof(slots));
        int blocks = layout == ActivationLayout.Shared ? 1 : matrices;
        Span<byte> payload = _transmit.AsSpan(FrameLayout.HeaderBytes);
        int offset = RunLayout.AfterSlots(matrices);
        payload[..offset].Clear();
        payload[RunLayout.ResultFormatOffset] = (byte)format;
        payload[RunLayout.MatrixCountOffset] = (byte)matrices;
        BinaryPrimitives.WriteUInt16LittleEndian(payload[RunLayout.VectorCountOffset..], checked((ushort)vectors));
        payload[RunLayout.ActivationLayoutOffset] = (byte)layout;
        int activationBytes = 0;
        long resultBytes = RunLayout.ResponseFixedBytes;
        outputs = 0;
        for (int m = 0; m < matrices; m++)
        {
            int columns = SlotColumnsChecked(slots[m]);
            BinaryPrimitives.WriteUInt16LittleEndian(payload[(RunLayout.SlotsOffset + 2 * m)..], slots[m]);
            if (m < blocks) activationBytes += vectors * columns;
            outputs += vectors * _slotRows[slots[m]];
        }
        resultBytes += (long)outputs * RunLayout.BytesPerResult(format);
        if (activations.Length != activationBytes)
            throw new ArgumentException($"{matrices} matrices x {vectors} vectors need {activationBytes} activation bytes ({layout}); got {activations.Length}.", nameof(activations));
        if (format == ResultFormat.Float32)
        {
            if (scales.Length != vectors * blocks) throw new ArgumentException($"finished outputs need {vectors * blocks} activation scales; got {scales.Length}.", nameof(scales));
            for (int i = 0; i < scales.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(payload[(offset + 4 * i)..], scales[i]);
            offset += 4 * scales.Length;
        }
        int payloadLength = offset + activationBytes;
        if (payloadLength > Capabilities.MaxPayloadBytes || resultBytes > Capabilities.MaxPayloadBytes)
            throw new ArgumentException($"a Run of {vectors} vectors exceeds the device's {Capabilities.MaxPayloadBytes}-byte frames; split it (MaxVectorsPerRun).", nameof(vectors));
        MemoryMarshal.AsBytes(activations).CopyTo(payload[offset..]);

        ReadOnlySpan<byte> response = Exchange(MessageType.Run, payloadLength, resultBytes);
        if (response.Length != resultBytes)
            throw new BridgeException($"{Description}: Run returned {response.Length} bytes; {matrices} matrices x {vectors} vectors need {resultBytes}.");
        _statistics.DeviceNanoseconds += BinaryPrimitives.ReadUInt32LittleEndian(response);
        return response[RunLayout.ResponseFixedBytes..];
    }

    /// <summary>Forgets every resident slot on the device.</summary>
    public void Reset()
    {
        RequireOpen();
        Exchange(MessageType.Reset, 0, 0);
        Array.Clear(_slotRows);
        Array.Clear(_slotColumns);
    }

    /// <summary>Reads the device's counters (ReadCounters); they count since power-up, so compare two reads for a span.</summary>
    public DeviceCounters ReadCounters()
    {
        RequireOpen();
        ReadOnlySpan<byte> response = Exchange(MessageType.ReadCounters, 0, DeviceCounters.EncodedBytes);
        if (response.Length < DeviceCounters.EncodedBytes)
            throw new BridgeException($"{Description}: counters response has {response.Length} bytes; expected {DeviceCounters.EncodedBytes}.");
        return DeviceCounters.Read(response);
    }

    /// <summary>
    /// Sends the request whose payload is already in the transmit buffer and returns the response
    /// payload (valid until the next exchange), retrying on timeouts and CRC errors.
    /// </summary>
    private ReadOnlySpan<byte> Exchange(MessageType type, int payloadLength, long expectedResponseBytes)
    {
        ushort sequence = ++_sequence;
        int frameLength = FrameCodec.Seal(_transmit, type, FrameFlags.None, sequence, BridgeStatus.Ok, payloadLength);
        long transferMs = _options.ExpectedBytesPerSecond > 0
            ? (frameLength + expectedResponseBytes + FrameLayout.OverheadBytes) * 1000 / _options.ExpectedBytesPerSecond
            : 0;
        long timeoutTicks = (_options.ResponseTimeoutMilliseconds + transferMs) * Stopwatch.Frequency / 1000;
        long started = Stopwatch.GetTimestamp();
        _statistics.Exchanges++;
        string lastProblem = "";
        for (int attempt = 0; attempt <= _options.MaxRetries; attempt++)
        {
            if (attempt > 0)
            {
                _statistics.Retries++;
                _receiver.Clear();
                _link.DiscardPendingInput();
            }
            _link.Write(_transmit.AsSpan(0, frameLength));
            _statistics.BytesSent += frameLength;
            long deadline = Stopwatch.GetTimestamp() + timeoutTicks;
            while (true)
            {
                ReceiveOutcome outcome = _receiver.Receive(_link, deadline, out FrameHeader header);
                if (outcome == ReceiveOutcome.Timeout)
                {
                    _statistics.Timeouts++;
                    lastProblem = $"no response within {timeoutTicks * 1000 / Stopwatch.Frequency} ms";
                    break;
                }
                _statistics.BytesReceived += header.FrameBytes;
                if (!header.IsResponse || header.Sequence != sequence || header.Type != type)
                {
                    _statistics.StaleFrames++; // an answer to an earlier attempt or request
                    continue;
                }
                if (outcome == ReceiveOutcome.PayloadCrcError)
                {
                    _statistics.CrcErrors++;
                    lastProblem = "the response failed its CRC-32C";
                    break;
                }
                if (header.IsError)
                {
                    if (header.Status == BridgeStatus.CrcError)
                    {
                        _statistics.CrcErrors++;
                        lastProblem = "the device saw a CRC error in the request";
                        break;
                    }
                    throw new BridgeDeviceException(header.Status,
                        $"{Description}: {type} failed with {header.Status}: {Encoding.UTF8.GetString(_receiver.Payload)}.");
                }
                _statistics.ExchangeTicks += Stopwatch.GetTimestamp() - started;
                return _receiver.Payload;
            }
        }
        _statistics.ExchangeTicks += Stopwatch.GetTimestamp() - started;
        string reset = "";
        if (_link is IResettableBridgeTransport resettable && resettable.ResetDevice())
        {
            // The board starts empty after its reset line: a later use must Handshake and upload again.
            IsOpen = false;
            Array.Clear(_slotRows);
            Array.Clear(_slotColumns);
            reset = "; the board was reset through its reset line";
        }
        throw new BridgeRetriesExhaustedException(
            $"{Description}: {type} (sequence {sequence}) failed {_options.MaxRetries + 1} times; last: {lastProblem}{reset}.");
    }

    private int SlotColumnsChecked(ushort slot)
    {
        if (slot >= _slotColumns.Length || _slotColumns[slot] == 0)
            throw new ArgumentException($"slot {slot} holds nothing this client uploaded; Upload it first.", nameof(slot));
        return _slotColumns[slot];
    }

    private void RequireOpen()
    {
        if (!IsOpen) throw new InvalidOperationException("Call Handshake before using the bridge.");
    }

    /// <summary>Disposes the transport. Sends no Reset, so what the device holds stays there.</summary>
    public void Dispose() => _link.Dispose();
}
