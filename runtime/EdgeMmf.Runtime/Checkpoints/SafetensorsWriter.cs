using System.Buffers.Binary;
using System.Text;

namespace EdgeMmf.Runtime.Checkpoints;

/// <summary>
/// Writes float32/float16/bfloat16 tensors as a <c>.safetensors</c> file (header JSON, then data in
/// declaration order). Used to build small checkpoints in tests and examples; not on any hot path.
/// </summary>
public sealed class SafetensorsWriter
{
    private readonly List<(string Name, SafetensorsDType DType, long[] Shape, float[] Values)> _tensors = [];

    /// <summary>Adds a tensor, stored as <paramref name="dtype"/> (F32, F16 or BF16); returns the writer.</summary>
    public SafetensorsWriter Add(string name, long[] shape, float[] values, SafetensorsDType dtype = SafetensorsDType.F32)
    {
        if (!SafetensorsDTypes.IsFloatingPointWeight(dtype)) throw new ArgumentException("only F32, F16 and BF16 are written", nameof(dtype));
        _tensors.Add((name, dtype, shape, values));
        return this;
    }

    /// <summary>Writes every tensor added, in order, to <paramref name="path"/>.</summary>
    public void Write(string path)
    {
        var header = new StringBuilder("{");
        long offset = 0;
        for (int t = 0; t < _tensors.Count; t++)
        {
            var (name, dtype, shape, values) = _tensors[t];
            long bytes = (long)values.Length * SafetensorsDTypes.ElementSize(dtype);
            string dtypeText = dtype switch { SafetensorsDType.F32 => "F32", SafetensorsDType.F16 => "F16", _ => "BF16" };
            if (t > 0) header.Append(',');
            header.Append('"').Append(name).Append("\":{\"dtype\":\"").Append(dtypeText).Append("\",\"shape\":[")
                .Append(string.Join(",", shape)).Append("],\"data_offsets\":[").Append(offset).Append(',').Append(offset + bytes).Append("]}");
            offset += bytes;
        }
        header.Append('}');
        while ((header.Length + 8) % 8 != 0) header.Append(' ');
        byte[] headerBytes = Encoding.UTF8.GetBytes(header.ToString());

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBytes.Length);
        stream.Write(length);
        stream.Write(headerBytes);
        foreach (var (_, dtype, _, values) in _tensors)
        {
            var bytes = new byte[values.Length * SafetensorsDTypes.ElementSize(dtype)];
            for (int i = 0; i < values.Length; i++)
            {
                switch (dtype)
                {
                    case SafetensorsDType.F32: BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]); break;
                    case SafetensorsDType.F16: BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)values[i]); break;
                    default: // BF16: round to nearest even on the upper 16 bits.
                        uint bits = BitConverter.SingleToUInt32Bits(values[i]);
                        bits += 0x7FFF + ((bits >> 16) & 1);
                        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), (ushort)(bits >> 16));
                        break;
                }
            }
            stream.Write(bytes);
        }
    }
}
