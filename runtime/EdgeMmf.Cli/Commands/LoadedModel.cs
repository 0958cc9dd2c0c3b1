using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Offload;

namespace EdgeMmf.Cli.Commands;

/// <summary>A model opened for a command: weights, kernels with their worker threads, and the fast path.</summary>
internal sealed class LoadedModel : IDisposable
{
    private LoadedModel(string path, string source, HgrnBitModel model, TernaryProjector projector, double loadSeconds)
    {
        Path = path;
        Source = source;
        Model = model;
        Projector = projector;
        Forward = new FastForward(model, projector);
        LoadSeconds = loadSeconds;
    }

    public string Path { get; }
    /// <summary>Where the model came from, for <c>edgemmf info</c>: --model, EDGEMMF_MODEL, a bundle, or the demo model.</summary>
    public string Source { get; }
    public HgrnBitModel Model { get; }
    public TernaryProjector Projector { get; }
    public FastForward Forward { get; private set; }
    public double LoadSeconds { get; }

    public static LoadedModel Open(string? requested, int threads, bool strictConfig = false)
    {
        threads = ModelOptions.UsableThreads(threads, Environment.ProcessorCount);
        string path = ModelLocator.Resolve(requested);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        HgrnBitModel model = ModelFiles.Load(path, WeightPlacements.Default, ModelOptions.LoadOptions(strictConfig));
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new LoadedModel(path, DescribeSource(requested, path), model, new TernaryProjector(threads), seconds);
    }

    private static string DescribeSource(string? requested, string path)
    {
        if (File.Exists(path) && Runtime.Bundles.ModelBundle.Find(path) is { } bundle) return bundle.Describe();
        if (!string.IsNullOrWhiteSpace(requested)) return "--model";
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ModelLocator.EnvironmentVariable))) return ModelLocator.EnvironmentVariable;
        return "the demo model (no --model given)";
    }

    /// <summary>Runs the chosen projections on an offload device from now on (the CPU takes over if it fails).</summary>
    public void UseOffload(IProjectionOffload offload) => Forward = new FastForward(Model, Projector, offload);

    public void Dispose()
    {
        Projector.Dispose();
        Model.Dispose();
    }
}
