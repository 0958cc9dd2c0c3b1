using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EdgeMmf.Diagnostics.Benchmarking;
using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Runtime.Gguf;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Threading;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>edgemmf convert</c>: a Hugging Face checkpoint directory (or a random model of a published shape) to
/// one packed GGUF file that later runs map in place (docs/gguf-format.md).
/// </summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "The Hugging Face checkpoint directory (config.json + model.safetensors), or a model id in the local Hugging Face cache." };
        var randomShape = new Option<string?>("--random-shape") { Description = "Instead of --from: a random-weight model of a published shape (370m, 1.3b, 2.7b, tiny), for benchmarks." };
        var output = new Option<string>("--out", "-o") { Description = "The .gguf file to write.", Required = true };
        Option<string> type = ModelOptions.TernaryType("Ternary block format: tq2_0 (2.06 bits/weight) or tq1_0 (1.69 bits/weight, smallest). Default: whichever decodes the model's shape faster on this machine (about a second to measure; tq1_0 must be 5% faster), said in one line.", defaultTq2: false);
        var embeddingType = new Option<string?>("--embedding-type") { Description = "Embedding element type: f32, f16 or bf16 (default: as in the checkpoint, so logits are unchanged)." };
        ModelOptions.AcceptOneOf(embeddingType, "f32", "f16", "bf16");
        var command = new Command("convert", "Convert a checkpoint to one packed GGUF file: ternary weights, exact scales, embedding, tokenizer and config.")
        {
            from, randomShape, output, type, embeddingType,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string? source = result.GetValue(from), shape = result.GetValue(randomShape);
            if ((source is null) == (shape is null)) throw new ArgumentException("give exactly one of --from HF_DIR or --random-shape SHAPE.");
            string outPath = result.GetValue(output)!;
            if (!outPath.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--out {outPath}: name the file *.gguf, so 'edgemmf --model' recognizes it.");
            string? typeName = result.GetValue(type);
            TernaryFormat format = typeName is not null ? ModelOptions.TernaryFormatOf(typeName)
                : FasterHere(source is not null
                    ? HfConfigReader.Read(Path.Combine(ModelLocator.Resolve(source), "config.json"), new HfConfigPolicy { Strict = result.GetValue(ModelOptions.StrictConfig) })
                    : RandomModel.Shape(shape!));
            EmbeddingElementType? embedding = result.GetValue(embeddingType) switch
            {
                "f32" => EmbeddingElementType.F32,
                "f16" => EmbeddingElementType.F16,
                "bf16" => EmbeddingElementType.BF16,
                _ => null,
            };
            var progress = new ConsoleProgress();
            long start = Stopwatch.GetTimestamp();
            string summary;
            if (source is not null)
            {
                GgufConversionResult r = HgrnBitGgufConverter.Convert(ModelLocator.Resolve(source), outPath,
                    new GgufConversionOptions
                    {
                        WeightFormat = format,
                        EmbeddingType = embedding,
                        Tokenizer = CheckpointTokenizerSource.Instance,
                        Config = ModelOptions.LoadOptions(result.GetValue(ModelOptions.StrictConfig)).Config,
                    },
                    progress.Report);
                summary = string.Format(CultureInfo.InvariantCulture,
                    "{0}: {1:N1} MB, {2} tensors, {3:N0} ternary weights at {4:F3} bits each ({5}), embedding {6}, {7}",
                    r.Path, r.FileBytes / 1e6, r.TensorCount, r.TernaryWeights, r.BitsPerTernaryWeight, r.WeightFormat, r.EmbeddingType,
                    r.TokenizerEmbedded ? "tokenizer embedded" : "no tokenizer embedded (none found in the checkpoint, or this build cannot read it)");
            }
            else
            {
                if (embedding is not null) throw new ArgumentException("--embedding-type applies to --from; a random model's embedding is f16.");
                using HgrnBitModel model = RandomModel.Create(RandomModel.Shape(shape!), 1, format);
                HgrnBitGgufExporter.Write(model, outPath, $"random-{shape}", tokenizer: null, progress: progress.Report);
                summary = string.Format(CultureInfo.InvariantCulture, "{0}: {1:N1} MB, random {2} model, {3}, no tokenizer",
                    Path.GetFullPath(outPath), new FileInfo(outPath).Length / 1e6, shape, format.Traits().Name);
            }
            progress.Finish();
            Console.Out.WriteLine(summary + string.Format(CultureInfo.InvariantCulture, " ({0:F1} s)", Stopwatch.GetElapsedTime(start).TotalSeconds));
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The format that decodes <paramref name="config"/>'s shape faster with this process's kernel path and default thread
    /// count, measured over the same weights in both (<see cref="FormatDecodeBenchmark"/>, about half a second) and
    /// decided with a margin (<see cref="FormatRecommendation"/>); says in one line what it measured and chose.
    /// </summary>
    private static TernaryFormat FasterHere(HgrnBitConfig config)
    {
        TernaryKernel kernel = KernelSelector.Default;
        using var weights = new FormatWeightSet(config, FormatWeightSet.DefaultMinimumBytes, kernel.UsesLookupTiles);
        FormatDecodeResult measured = FormatDecodeBenchmark.Measure(weights, kernel, ProcessorTopology.PhysicalCores());
        Console.Out.WriteLine(FormatRecommendation.Describe(measured.Tq1OverTq2, measured.KernelPath, measured.Threads));
        return FormatRecommendation.Choose(measured.Tq1OverTq2);
    }

    /// <summary>A one-line progress bar on stderr, drawn only when stderr is a terminal.</summary>
    private sealed class ConsoleProgress
    {
        private readonly bool _enabled = !Console.IsErrorRedirected;
        private int _lastPercent = -1;

        public void Report(string tensor, long written, long total)
        {
            if (!_enabled || total <= 0) return;
            int percent = (int)(written * 100 / total);
            if (percent == _lastPercent) return;
            _lastPercent = percent;
            int filled = percent * 30 / 100;
            string name = EdgeMmf.Text.TerminalText.Escape(tensor);   // a tensor name from the checkpoint header
            if (name.Length > 40) name = name[..40];
            Console.Error.Write(string.Format(CultureInfo.InvariantCulture, "\r[{0}{1}] {2,3}% {3,-40}", new string('#', filled), new string('.', 30 - filled), percent, name));
        }

        public void Finish()
        {
            if (_enabled && _lastPercent >= 0) Console.Error.WriteLine();
        }
    }
}
