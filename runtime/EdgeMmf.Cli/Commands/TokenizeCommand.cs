using System.CommandLine;
using System.Text;
using EdgeMmf.Runtime.Tokenization;

namespace EdgeMmf.Cli.Commands;

/// <summary><c>edgemmf tokenize</c>: the ids (and pieces) a model's tokenizer gives a text.</summary>
internal static class TokenizeCommand
{
    public static Command Create()
    {
        Option<string?> model = ModelOptions.Model();
        model.Description = "A checkpoint directory, a tokenizer.json / tokenizer.model file, or a .gguf file; default: the demo model.";
        var text = new Option<string?>("--text") { Description = "The text to tokenize." };
        var textFile = new Option<string?>("--text-file") { Description = "Read the text from this UTF-8 file (invalid UTF-8 is refused, naming the byte offset)." };
        var json = new Option<bool>("--json") { Description = "Print {\"ids\":[...]} only." };
        var bos = new Option<bool>("--bos") { Description = "Add BOS (and EOS) as the tokenizer config asks." };
        var command = new Command("tokenize", "Print the token ids of a text as the model's own tokenizer splits it.") { model, text, textFile, json, bos };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string? inline = result.GetValue(text), file = result.GetValue(textFile);
            if ((inline is null) == (file is null)) throw new ArgumentException("give exactly one of --text TEXT or --text-file PATH.");
            StrictUtf8.CheckArgument(inline, "--text");
            string input = inline ?? StrictUtf8.ReadFile(file!);
            Tokenizer tokenizer = ModelTokenizer.Load(Runtime.Model.ModelLocator.Resolve(result.GetValue(model)));
            int[] ids = tokenizer.EncodeToIds(input, result.GetValue(bos));
            if (result.GetValue(json))
            {
                Console.Out.WriteLine("{\"ids\":[" + string.Join(',', ids) + "]}");
                return 0;
            }
            // Pieces come from the tokenizer file: escaped, so a piece cannot drive the terminal or split a line.
            foreach (int id in ids) Console.Out.WriteLine($"{id,6}  {EdgeMmf.Text.TerminalText.Escape(tokenizer.IdToPiece(id))}");
            Console.Error.WriteLine($"edgemmf: {ids.Length} tokens, {Encoding.UTF8.GetByteCount(input)} bytes");
            return 0;
        }));
        return command;
    }
}
