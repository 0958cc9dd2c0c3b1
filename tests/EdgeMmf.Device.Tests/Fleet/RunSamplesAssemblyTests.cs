using System.Text;
using EdgeMmf.Device.Fleet;

namespace EdgeMmf.Device.Tests.Fleet;

[TestClass]
public sealed class RunSamplesAssemblyTests
{
    private static string SampleCsv(int rows)
    {
        var csv = new StringBuilder("seconds,watts\n");
        for (int i = 0; i < rows; i++)
        {
            csv.Append(i * 0.02).Append(',').Append(3.5 + (i % 7) * 0.1).Append('\n');
        }
        return csv.ToString();
    }

    [TestMethod]
    public void Split_ThenAddInReverseWithRepeats_RebuildsTheSameCsv()
    {
        string csv = SampleCsv(500);
        List<RunSamplesChunk> chunks = RunSamplesAssembly.Split("run", csv, maxCharacters: 256);
        Assert.IsGreaterThan(10, chunks.Count);
        Assert.IsTrue(chunks.TrueForAll(c => c.Csv.Length <= 256 && c.Csv.EndsWith('\n')), "chunks end at line ends");

        var assembly = new RunSamplesAssembly("run", chunks[0].Count);
        for (int i = chunks.Count - 1; i >= 0; i--)
        {
            Assert.IsTrue(assembly.TryAdd(chunks[i]));
            Assert.IsFalse(assembly.TryAdd(chunks[i]), "a redelivered chunk is ignored");
        }

        Assert.IsTrue(assembly.IsComplete);
        Assert.AreEqual(csv, assembly.ToCsv());
    }

    [TestMethod]
    public void ToCsv_WithAChunkMissing_Throws()
    {
        List<RunSamplesChunk> chunks = RunSamplesAssembly.Split("run", SampleCsv(100), maxCharacters: 128);
        var assembly = new RunSamplesAssembly("run", chunks.Count);
        for (int i = 1; i < chunks.Count; i++)
        {
            assembly.TryAdd(chunks[i]);
        }

        Assert.IsFalse(assembly.IsComplete);
        Assert.ThrowsExactly<InvalidOperationException>(() => assembly.ToCsv());
    }

    [TestMethod]
    public void TryAdd_ChunkOfAnotherRunOrCount_IsRefused()
    {
        var assembly = new RunSamplesAssembly("run", 2);

        Assert.IsFalse(assembly.TryAdd(new RunSamplesChunk { RunId = "other", Index = 0, Count = 2 }));
        Assert.IsFalse(assembly.TryAdd(new RunSamplesChunk { RunId = "run", Index = 0, Count = 3 }));
    }

    [TestMethod]
    public void Split_LineLongerThanTheLimit_IsCutAndStillRebuilt()
    {
        string csv = new string('x', 1000) + "\n";

        List<RunSamplesChunk> chunks = RunSamplesAssembly.Split("run", csv, maxCharacters: 300);
        var assembly = new RunSamplesAssembly("run", chunks.Count);
        chunks.ForEach(c => assembly.TryAdd(c));

        Assert.AreEqual(csv, assembly.ToCsv());
    }
}
