using EdgeMmf.Bridge.Protocol;

namespace EdgeMmf.Bridge.DeviceModel;

/// <summary>One slot of device weight memory: a matrix's packed TQ2_0 rows and its scale s_w.</summary>
internal sealed class ResidentLayer
{
    public ResidentLayer(PackingFormat format, int rows, int paddedColumns, float weightScale, int totalBytes)
    {
        Format = format;
        Rows = rows;
        PaddedColumns = paddedColumns;
        WeightScale = weightScale;
        Packed = new byte[totalBytes];
    }

    public PackingFormat Format { get; }
    public int Rows { get; }
    public int PaddedColumns { get; }
    public float WeightScale { get; }
    public byte[] Packed { get; }
    public int BytesReceived { get; set; }
    public bool IsResident => BytesReceived == Packed.Length;

    public bool Matches(in UploadWeightsHeader header) =>
        header.Format == Format && header.Rows == Rows && header.PaddedColumns == PaddedColumns
        && header.WeightScale.Equals(WeightScale) && header.TotalBytes == Packed.Length;
}
