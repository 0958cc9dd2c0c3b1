using EdgeMmf.Bridge.Client;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Energy;
using EdgeMmf.Runtime.Generation;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// One campaign run on the runtime: the model (a checkpoint, or <c>random:&lt;shape&gt;</c>) and the kernels'
/// worker pool are kept across runs of the same configuration; each run starts from an empty state,
/// prefills a seeded random prompt and decodes exactly the plan's token count (EOS does not stop it).
/// </summary>
internal sealed class RuntimeWorkload(FpgaPlan? fpga) : ICampaignWorkload, IDisposable
{
    private string? _modelName;
    private string? _backend;
    private FpgaProjectionOffload? _offload;
    private HgrnBitModel? _model;
    private int _threads;
    private TernaryProjector? _projector;
    private TextGenerator? _generator;

    public WorkloadResult Run(CampaignRun run, IGenerationMarks marks, CancellationToken cancellationToken)
    {
        TextGenerator generator = Prepare(run);
        HgrnBitConfig c = _model!.Config;
        var random = new Xoshiro256StarStar((ulong)run.Seed);
        var prompt = new int[run.PromptTokens];
        prompt[0] = c.BosTokenId;
        for (int k = 1; k < prompt.Length; k++) prompt[k] = 3 + (int)(random.NextUInt64() % (ulong)(c.VocabSize - 3));
        generator.Reset();
        var request = new GenerationRequest { PromptIds = prompt, MaxTokens = run.GenerateTokens, StopAtEndOfSequence = false };
        GenerationStats stats = generator.Generate(request, DiscardedText.Instance, new GenerationMarksObserver(marks), cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        string device = _offload is null ? "" : _offload.HasFailed ? $", fpga fell back to the CPU: {_offload.FailureReason}" : $", {_offload.ResidentMatrices} matrices on {_offload.Client.Description}";
        return new WorkloadResult($"{_projector!.KernelPath}, {stats.GeneratedTokens} tokens{device}");
    }

    private TextGenerator Prepare(CampaignRun run)
    {
        if (_modelName != run.Model)
        {
            DisposeModel();
            const string randomPrefix = "random:";
            _model = run.Model.StartsWith(randomPrefix, StringComparison.Ordinal)
                ? RandomModel.Create(RandomModel.Shape(run.Model[randomPrefix.Length..]), (ulong)run.Seed)
                : ModelFiles.Load(ModelLocator.Resolve(run.Model), WeightPlacements.Default, ModelOptions.LoadOptions(strictConfig: false));
            _modelName = run.Model;
        }
        if (_projector is null || _threads != run.Threads || _generator is null || _backend != run.Backend)
        {
            _projector?.Dispose();
            _projector = new TernaryProjector(run.Threads);
            _threads = run.Threads;
            _offload?.Dispose();
            _offload = run.Backend == "fpga"
                ? OffloadRequest.Parse(fpga?.Offload ?? "layers=all", fpga?.Bridge)?.Connect(_model!.Config.NumHiddenLayers)
                : null;
            _backend = run.Backend;
            var forward = new FastForward(_model!, _projector, _offload);
            _generator = new TextGenerator(forward, new InferenceState(_model!.Config),
                new TokenSampler(_model.Config.VocabSize, SamplingOptions.Greedy), DiscardedText.Instance);
        }
        return _generator;
    }

    private void DisposeModel()
    {
        _offload?.Dispose();
        _offload = null;
        _backend = null;
        _projector?.Dispose();
        _projector = null;
        _generator = null;
        _model?.Dispose();
        _model = null;
    }

    public void Dispose() => DisposeModel();
}
