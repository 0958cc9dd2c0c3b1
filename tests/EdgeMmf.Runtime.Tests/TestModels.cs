using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Tests;

/// <summary>Small random HGRN-Bit checkpoints written once per test run into a temp directory.</summary>
internal static class TestModels
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "edgemmf-tests-" + Environment.ProcessId);
    private static readonly Lock Gate = new();

    /// <summary>Hidden 160 (not a power of two, padded to 256 columns), I = 512 by the rounding rule, 3 layers.</summary>
    public static readonly HgrnBitConfig Small = new()
    {
        VocabSize = 300,
        HiddenSize = 160,
        NumHiddenLayers = 3,
        BosTokenId = 1,
        EosTokenId = 2,
    };

    public static string Checkpoint(HgrnBitConfig config, int seed, SafetensorsDType dtype = SafetensorsDType.F32)
    {
        string directory = Path.Combine(Root, $"h{config.HiddenSize}-l{config.NumHiddenLayers}-v{config.VocabSize}-s{seed}-{dtype}-{config.UseLowerBound}-{config.TieWordEmbeddings}");
        lock (Gate)
        {
            if (!File.Exists(Path.Combine(directory, HfCheckpoint.SingleFileName)))
                RandomCheckpoint.Write(directory, config, seed, dtype);
        }
        return directory;
    }

    /// <summary>A fresh copy of a checkpoint directory, for tests that damage it.</summary>
    public static string CopyOf(string directory)
    {
        string copy = Path.Combine(Root, "copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(directory)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }
}
