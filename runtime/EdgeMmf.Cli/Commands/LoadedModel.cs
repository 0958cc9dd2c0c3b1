using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Offload;

namespace EdgeMmf.Cli.Commands;

/// <summary>A model opened for a command: weights, kernels with their worker threads, and the fast path.</summary>
internal sealed class LoadedModel : IDisposable
{
    private LoadedModel(string path, HgrnBitModel model, TernaryProjector projector, double loadSeconds)
    {
        Path = path;
        Model = model;
        Projector = projector;
        Forward = new FastForward(model, projector);
        LoadSeconds = loadSeconds;
    }

    public string Path { get; }
    public HgrnBitModel Model { get; }
    public TernaryProjector Projector { get; }
    public FastForward Forward { get; private set; }
    public double LoadSeconds { get; }

    public static LoadedModel Open(string? requested, int threads)
    {
        ModelOptions.CheckThreads(threads);
        string path = ModelLocator.Resolve(requested);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        HgrnBitModel model = ModelFiles.Load(path);
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new LoadedModel(path, model, new TernaryProjector(threads), seconds);
    }

    /// <summary>Runs the chosen projections on an offload device from now on (the CPU takes over if it fails).</summary>
    public void UseOffload(IProjectionOffload offload) => Forward = new FastForward(Model, Projector, offload);

    public void Dispose()
    {
        Projector.Dispose();
        Model.Dispose();
    }
}
