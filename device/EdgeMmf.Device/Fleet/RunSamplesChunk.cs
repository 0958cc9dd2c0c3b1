namespace EdgeMmf.Device.Fleet;

/// <summary>One chunk of a run's samples CSV, on <c>agents/&lt;name&gt;/samples</c>; the coordinator joins chunks 0..Count-1.</summary>
public sealed class RunSamplesChunk
{
    /// <summary>The run the samples belong to.</summary>
    public string RunId { get; set; } = "";
    /// <summary>This chunk's index, 0..Count-1.</summary>
    public int Index { get; set; }
    /// <summary>Chunks of the run in all.</summary>
    public int Count { get; set; }
    /// <summary>This chunk's part of the CSV.</summary>
    public string Csv { get; set; } = "";
}
