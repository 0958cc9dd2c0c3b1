namespace EdgeMmf.Runtime.Checkpoints;

/// <summary>One tensor entry of a safetensors header: where its bytes lie in the data section.</summary>
public sealed record SafetensorsTensor(string Name, SafetensorsDType DType, long[] Shape, long DataOffset, long ByteLength)
{
    /// <summary>The number of elements: the product of <see cref="Shape"/>.</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (long d in Shape) n *= d;
            return n;
        }
    }

    /// <summary>The shape as text, for messages: "[m, n]".</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
