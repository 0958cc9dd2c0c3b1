using System.CommandLine;
using EdgeMmf.Runtime.Tokenization;

namespace EdgeMmf.Cli.Commands;

/// <summary><c>edgemmf detokenize</c>: the text a list of ids stands for.</summary>
internal static class DetokenizeCommand
{
    public static Command Create()
    {
        Option<string?> model = ModelOptions.Model();
        model.Description = "A checkpoint directory, a tokenizer.json / tokenizer.model file, or a .gguf file; default: the demo model.";
        var ids = new Option<string>("--ids") { Description = "Comma-separated token ids, e.g. 1,450,4996.", Required = true };
        var keepSpecial = new Option<bool>("--keep-special") { Description = "Print special tokens such as <s> instead of skipping them." };
        var command = new Command("detokenize", "Print the text that token ids decode to.") { model, ids, keepSpecial };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            Tokenizer tokenizer = ModelTokenizer.Load(Runtime.Model.ModelLocator.Resolve(result.GetValue(model)));
            int[] tokens = ModelOptions.ParseIds(result.GetValue(ids)!);
            foreach (int id in tokens)
                if (id >= tokenizer.VocabularySize) throw new ArgumentException($"--ids: {id} is outside the {tokenizer.VocabularySize}-token vocabulary.");
            Console.Out.WriteLine(tokenizer.Decode(tokens, skipSpecialTokens: !result.GetValue(keepSpecial)));
            return 0;
        }));
        return command;
    }
}
