using System.CommandLine;
using System.Globalization;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Platform;
using EdgeMmf.Runtime.Threading;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Cli.Commands;

/// <summary><c>edgemmf info</c>: what a model is and what running it costs, and which kernel path this machine takes.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        Option<string?> model = ModelOptions.Model();
        Option<int> threads = ModelOptions.Threads();
        var command = new Command("info", "Print a model's config, parameter counts, bytes read per token, state size, and the kernel path this machine uses.")
        {
            model, threads,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            using LoadedModel loaded = LoadedModel.Open(result.GetValue(model), result.GetValue(threads), result.GetValue(ModelOptions.StrictConfig));
            HgrnBitConfig c = loaded.Model.Config;
            long embeddingBytes = (long)c.VocabSize * c.HiddenSize * loaded.Model.Embeddings.ElementSize;
            var culture = CultureInfo.InvariantCulture;
            string Line(string name, object value) => string.Format(culture, "{0,-28}{1}", name, value);
            Console.Out.WriteLine(Line("model", loaded.Path));
            Console.Out.WriteLine(Line("model source", loaded.Source));
            Console.Out.WriteLine(Line("load time", string.Format(culture, "{0:F3} s", loaded.LoadSeconds)));
            Console.Out.WriteLine(Line("vocab_size", c.VocabSize));
            Console.Out.WriteLine(Line("hidden_size (H)", c.HiddenSize));
            Console.Out.WriteLine(Line("recurrence width (D)", c.RecurrentWidth));
            Console.Out.WriteLine(Line("intermediate_size (I)", c.IntermediateSize + (c.IntermediateSizeOverride is null ? " (derived)" : "")));
            Console.Out.WriteLine(Line("num_hidden_layers (L)", c.NumHiddenLayers));
            Console.Out.WriteLine(Line("num_heads", c.NumHeads));
            Console.Out.WriteLine(Line("use_lower_bound", c.UseLowerBound));
            Console.Out.WriteLine(Line("rms_norm_eps", c.RmsNormEps.ToString("R", culture)));
            Console.Out.WriteLine(Line("bos / eos", $"{c.BosTokenId} / {c.EosTokenId}"));
            Console.Out.WriteLine(Line("ternary weights", string.Format(culture, "{0:N0} ({1:N0} in layers + {2:N0} lm_head)",
                c.TernaryWeights, c.TernaryWeightsPerLayer * c.NumHiddenLayers, (long)c.VocabSize * c.HiddenSize)));
            Console.Out.WriteLine(Line("embedding", string.Format(culture, "{0:N0} values, {1} ({2:N1} MB, one row read per token)",
                (long)c.VocabSize * c.HiddenSize, loaded.Model.Embeddings.ElementType, embeddingBytes / 1e6)));
            Console.Out.WriteLine(Line("weight bytes per token", string.Format(culture, "{0:N0} ({1:N1} MB packed TQ2_0)",
                loaded.Model.PackedWeightBytesPerToken, loaded.Model.PackedWeightBytesPerToken / 1e6)));
            Console.Out.WriteLine(Line("state size", string.Format(culture, "{0:N0} bytes (L x D float32; constant in context length)",
                c.RecurrentStateFloats * 4)));
            string other = loaded.Model.Placement == WeightPlacement.HugePages ? "mapped uses the file in place" : "huge-pages copies them to huge pages";
            Console.Out.WriteLine(Line("weights", $"{WeightPlacements.Describe(loaded.Model)}; {WeightPlacements.EnvironmentVariable}={other}"));
            BoardInfo board = BoardInfo.Current;
            Console.Out.WriteLine(Line("board", board.Model ?? "unknown (no device-tree or DMI model)"));
            Console.Out.WriteLine(Line("cores", board.CoreSummary));
            Console.Out.WriteLine(Line("kernel path", $"{loaded.Projector.KernelPath}: {KernelSelector.Reason()}"));
            Console.Out.WriteLine(Line("threads", string.Format(culture, "{0} (physical cores: {1})", loaded.Projector.Threads, ProcessorTopology.PhysicalCores())));
            return 0;
        }));
        return command;
    }
}
