namespace EdgeMmf.Device.Fleet;

/// <summary>One chunk of a run's samples CSV, on <c>agents/&lt;name&gt;/samples</c>; the coordinator joins chunks 0..Count-1.</summary>
public sealed class RunSamplesChunk
{
    public string RunId { get; set; } = "";
    public int Index { get; set; }
    public int Count { get; set; }
    public string Csv { get; set; } = "";
}
