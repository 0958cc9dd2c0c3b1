namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// One tensor of a GGUF file: name, ggml dimensions (ne[0] first: the number of elements in a row),
/// ggml type, and where its bytes lie. <see cref="Offset"/> is relative to the data section, as stored;
/// <see cref="FileOffset"/> is absolute. Every field was checked against the file by <see cref="GgufReader"/>.
/// </summary>
public sealed record GgufTensorInfo(string Name, long[] Dimensions, uint Type, long Offset, long ByteSize, long FileOffset)
{
    /// <summary>The ggml type, when the id is one ggml defines (always, for a tensor read by <see cref="GgufReader"/>).</summary>
    public GgmlType GgmlType => (GgmlType)Type;

    /// <summary>The number of elements: the product of <see cref="GgufTensorInfo.Dimensions"/>.</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (long d in Dimensions) n = checked(n * d);
            return n;
        }
    }

    /// <summary>ne as ggml prints it: [ne0, ne1, ...].</summary>
    public string ShapeText => "[" + string.Join(", ", Dimensions) + "]";
}
