using System.Text;

namespace EdgeMmf.Device.Fleet;

/// <summary>
/// A run's samples CSV cut into <see cref="RunSamplesChunk"/>s that fit a message, and joined again on the coordinator.
/// Chunks may arrive twice or out of order (QoS 1, reconnects); a repeated index is ignored, and the CSV is complete
/// only once every index 0..Count-1 has arrived.
/// </summary>
public sealed class RunSamplesAssembly
{
    private readonly string?[] _parts;
    private int _received;

    /// <summary>An assembly of <paramref name="count"/> chunks of run <paramref name="runId"/>.</summary>
    public RunSamplesAssembly(string runId, int count)
    {
        RunId = runId;
        _parts = new string?[count];
    }

    /// <summary>The run the samples belong to.</summary>
    public string RunId { get; }

    /// <summary>True once every chunk has arrived.</summary>
    public bool IsComplete => _received == _parts.Length;

    /// <summary>Cuts a CSV at line ends into chunks of at most <paramref name="maxCharacters"/> (a longer line is cut where it must be).</summary>
    public static List<RunSamplesChunk> Split(string runId, string csv, int maxCharacters = FleetMessageReader.MaxSamplesChunkCharacters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCharacters, 1);
        var parts = new List<string>();
        int start = 0;
        while (start < csv.Length)
        {
            int length = Math.Min(maxCharacters, csv.Length - start);
            if (start + length < csv.Length)
            {
                int lineEnd = csv.LastIndexOf('\n', start + length - 1, length);
                if (lineEnd >= start)
                {
                    length = lineEnd - start + 1;
                }
            }
            parts.Add(csv.Substring(start, length));
            start += length;
        }
        if (parts.Count == 0)
        {
            parts.Add("");
        }
        var chunks = new List<RunSamplesChunk>(parts.Count);
        for (int i = 0; i < parts.Count; i++)
        {
            chunks.Add(new RunSamplesChunk { RunId = runId, Index = i, Count = parts.Count, Csv = parts[i] });
        }
        return chunks;
    }

    /// <summary>Takes a chunk of this run; false when it belongs to another run or assembly, or repeats one already taken.</summary>
    public bool TryAdd(RunSamplesChunk chunk)
    {
        if (chunk.RunId != RunId || chunk.Count != _parts.Length || _parts[chunk.Index] is not null)
        {
            return false;
        }
        _parts[chunk.Index] = chunk.Csv;
        _received++;
        return true;
    }

    /// <summary>The chunks joined, in order.</summary>
    public string ToCsv()
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException($"Samples of run '{RunId}' are incomplete: {_received} of {_parts.Length} chunks.");
        }
        var csv = new StringBuilder();
        foreach (string? part in _parts)
        {
            csv.Append(part);
        }
        return csv.ToString();
    }
}
