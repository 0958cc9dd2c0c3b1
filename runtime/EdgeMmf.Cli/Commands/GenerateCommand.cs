using System.CommandLine;
using System.Globalization;
using EdgeMmf.Bridge.Client;
using EdgeMmf.Runtime.Generation;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>edgemmf generate</c>: streams a continuation of a prompt to stdout, token by token, and a one-line
/// summary to stderr. With no --model it runs the demo model shipped in models/demo/.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        Option<string?> model = ModelOptions.Model();
        Option<int> threads = ModelOptions.Threads();
        var prompt = new Option<string?>("--prompt", "-p") { Description = "The prompt text (or give it as the argument)." };
        var promptArgument = new Argument<string?>("PROMPT") { Description = "The prompt text.", Arity = ArgumentArity.ZeroOrOne };
        var maxTokens = new Option<int>("--max-tokens", "-n") { Description = "Stop after this many generated tokens.", DefaultValueFactory = _ => 128 };
        var stop = new Option<string[]>("--stop") { Description = "Stop when this text appears (repeatable); it is not printed.", AllowMultipleArgumentsPerToken = false };
        var noEcho = new Option<bool>("--no-echo") { Description = "Print only the generated text, not the prompt before it." };
        var sampling = new SamplingOptionSet();
        var offloadOptions = new OffloadOptionSet();
        var command = new Command("generate", "Generate text from a prompt, streaming each token as soon as it is decoded.")
        {
            model, prompt, promptArgument, maxTokens, threads, stop, noEcho,
        };
        sampling.AddTo(command);
        offloadOptions.AddTo(command);
        GenerateExtensions.AddOptions(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string? text = result.GetValue(prompt) ?? result.GetValue(promptArgument);
            if (result.GetValue(prompt) is not null && result.GetValue(promptArgument) is not null)
                throw new ArgumentException("give the prompt either as --prompt or as the argument, not both.");
            StrictUtf8.CheckArgument(text, result.GetValue(prompt) is not null ? "--prompt" : "the prompt");
            if (string.IsNullOrEmpty(text)) throw new ArgumentException("no prompt: pass --prompt TEXT or the prompt as the argument, e.g. edgemmf generate \"Once upon a time\".");
            int limit = result.GetValue(maxTokens);
            ModelOptions.InRange("--max-tokens", limit, 1, TextGenerator.MaxTokensLimit);
            SamplingOptions samplingOptions = sampling.Read(result);

            using LoadedModel loaded = LoadedModel.Open(result.GetValue(model), result.GetValue(threads), result.GetValue(ModelOptions.StrictConfig));
            using FpgaProjectionOffload? offload = offloadOptions.Attach(result, loaded);
            LinkStatistics linkBefore = offload?.Client.Statistics ?? default;
            using GenerateExtensions.Session extensions = GenerateExtensions.Start(result, loaded);
            ITextTokenizer tokenizer = ModelTokenizer.Load(loaded);
            int[] ids = tokenizer.Encode(text, tokenizer.AddBos);
            var generator = new TextGenerator(loaded.Forward, new InferenceState(loaded.Model.Config),
                new TokenSampler(loaded.Model.Config.VocabSize, samplingOptions), tokenizer.CreateStreamDecoder());

            if (!result.GetValue(noEcho)) { Console.Out.Write(text); Console.Out.Flush(); }
            GenerationStats stats = generator.Generate(
                new GenerationRequest { PromptIds = ids, MaxTokens = limit, StopStrings = result.GetValue(stop) ?? [] },
                new TextWriterSink(Console.Out), extensions.Observer);
            Console.Out.WriteLine();
            Console.Error.WriteLine(Summary(stats, loaded));
            if (offload is not null)
                Console.Error.WriteLine(OffloadOptionSet.Summary(offload, offload.Client.Statistics.Since(linkBefore), stats.PromptTokens + stats.DecodeSteps));
            extensions.Report(stats);
            return 0;
        }));
        return command;
    }

    internal static string Summary(GenerationStats s, LoadedModel loaded) => string.Create(CultureInfo.InvariantCulture,
        $"edgemmf: {s.GeneratedTokens} tokens at {s.DecodeTokensPerSecond:F1} tokens/s; prompt {s.PromptTokens} tokens at {s.PrefillTokensPerSecond:F1} tokens/s; " +
        $"first token {s.TimeToFirstTokenSeconds * 1000:F0} ms; stop: {StopText(s.StopReason)}; {loaded.Projector.KernelPath}, {loaded.Projector.Threads} threads");

    private static string StopText(StopReason reason) => reason switch
    {
        StopReason.EndOfSequence => "end of sequence",
        StopReason.MaxTokens => "max tokens",
        StopReason.StopString => "stop string",
        _ => "cancelled",
    };
}
