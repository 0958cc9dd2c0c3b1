namespace EdgeMmf.Runtime.Checkpoints;

/// <summary>One tensor entry of a safetensors header: where its bytes lie in the data section.</summary>
public sealed record SafetensorsTensor(string Name, SafetensorsDType DType, long[] Shape, long DataOffset, long ByteLength)
{
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (long d in Shape) n *= d;
            return n;
        }
    }

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
