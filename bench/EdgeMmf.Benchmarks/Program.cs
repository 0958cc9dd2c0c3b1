using BenchmarkDotNet.Running;
using EdgeMmf.Diagnostics.Benchmarking;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Benchmarks;

/// <summary>
/// Kernel microbenchmarks; whole-model figures come from <c>edgemmf bench</c>. <c>sweep [SHAPE] [THREADS]</c> runs
/// the thread sweep of EdgeMmf against ggml, whose libraries this project's build output carries.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "sweep") return Sweep(args.Length > 1 ? args[1] : "370m", args.Length > 2 ? args[2] : "1,2");
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    /// <summary>EdgeMmf and ggml alternating at each thread count on a random model of <paramref name="shape"/>.</summary>
    private static int Sweep(string shape, string threads)
    {
        GgmlLibrary ggml = GgmlLibrary.TryLoad(AppContext.BaseDirectory, out string problem)
            ?? throw new InvalidOperationException(problem);
        int[] counts = ThreadList.Parse(threads, Environment.ProcessorCount, out _);
        using HgrnBitModel model = RandomModel.Create(RandomModel.Shape(shape), 1, Runtime.Kernels.TernaryFormat.Tq2_0, WeightPlacements.Default);
        using GgmlPeer peer = GgmlPeer.Create(ggml, model.Config, 1);
        ThreadSweepRow[] rows = ThreadSweep.Run(model, counts, memoryOnly: false, Runtime.Model.DecodeStepMode.Auto, promptTokens: 32, genTokens: 64, runs: 3, probeMiB: 1024, peer);
        new ThreadSweepReport($"random {shape}", Runtime.Kernels.KernelSelector.Default.Name, model.TernaryTypeName, 32, 64, 3, peer.Variant, rows).WriteTable(Console.Out);
        return 0;
    }
}
