using System.CommandLine;
using System.Globalization;
using System.Text;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>edgemmf logits</c>: the model's logits for given token ids, through the same decode path as
/// generation (one token at a time), as JSON. This is how fidelity is checked from outside.
/// </summary>
internal static class LogitsCommand
{
    public static Command Create()
    {
        Option<string?> model = ModelOptions.Model();
        Option<int> threads = ModelOptions.Threads();
        var ids = new Option<string>("--ids") { Description = "Comma-separated token ids, e.g. 1,2,3 (no BOS is added).", Required = true };
        var allPositions = new Option<bool>("--all-positions") { Description = "Print logits after every token, not only the last." };
        var json = new Option<bool>("--json") { Description = "Print JSON (the only format; accepted for clarity)." };
        var command = new Command("logits", "Print the logits the model computes for token ids, as JSON: {\"ids\":[...],\"logits\":[[...], ...]}.")
        {
            model, threads, ids, allPositions, json,
        };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            int[] tokens = ModelOptions.ParseIds(result.GetValue(ids)!);
            using LoadedModel loaded = LoadedModel.Open(result.GetValue(model), result.GetValue(threads), result.GetValue(ModelOptions.StrictConfig));
            int vocab = loaded.Model.Config.VocabSize;
            foreach (int token in tokens)
                if (token >= vocab) throw new ArgumentException($"--ids: token {token} is outside the vocabulary (size {vocab}).");

            var state = new InferenceState(loaded.Model.Config, maxBatch: 1);
            var output = new StringBuilder();
            output.Append("{\"ids\":[").AppendJoin(',', tokens).Append("],\"logits\":[");
            bool all = result.GetValue(allPositions);
            for (int k = 0; k < tokens.Length; k++)
            {
                loaded.Forward.Forward(tokens.AsSpan(k, 1), state);
                if (!all && k < tokens.Length - 1) continue;
                if (output[^1] == ']') output.Append(',');
                AppendRow(output, state.Logits);
            }
            output.Append("]}");
            Console.Out.WriteLine(output.ToString());
            return 0;
        }));
        return command;
    }

    private static void AppendRow(StringBuilder output, ReadOnlySpan<float> logits)
    {
        output.Append('[');
        for (int k = 0; k < logits.Length; k++)
        {
            if (k > 0) output.Append(',');
            output.Append(logits[k].ToString("R", CultureInfo.InvariantCulture));
        }
        output.Append(']');
    }
}
