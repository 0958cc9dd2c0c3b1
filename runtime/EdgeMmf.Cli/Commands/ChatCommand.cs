using System.CommandLine;
using System.Globalization;
using EdgeMmf.Bridge.Client;
using EdgeMmf.Runtime.Assistant;
using EdgeMmf.Runtime.Generation;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Sampling;
using EdgeMmf.Runtime.Speech;
using EdgeMmf.Text;

namespace EdgeMmf.Cli.Commands;

/// <summary>
/// <c>edgemmf chat</c>: an interactive voice-assistant loop. Reads one request per line (a terminal or a
/// pipe), streams the reply, optionally speaks each sentence as soon as it is complete, and keeps the
/// conversation in the model's recurrent state, which <c>--state</c> saves and resumes.
/// </summary>
internal static class ChatCommand
{
    private const string CommandsHelp = "commands: /reset  /save FILE  /load FILE  /stats  /quit";

    public static Command Create()
    {
        Option<string?> model = ModelOptions.Model();
        Option<int> threads = ModelOptions.Threads();
        var system = new Option<string?>("--system") { Description = "A system prompt put before the first turn." };
        var speak = new Option<bool>("--speak") { Description = "Speak each sentence with espeak-ng as soon as it is complete." };
        var speakTo = new Option<string?>("--speak-to") { Description = "Write the spoken replies to this WAV file instead of playing them." };
        var state = new Option<string?>("--state") { Description = "Resume the conversation from this state file if it exists, and save it there after every turn." };
        var maxTokens = new Option<int>("--max-tokens", "-n") { Description = "Longest reply, in tokens.", DefaultValueFactory = _ => 160 };
        var template = new Option<string?>("--template") { Description = $"A chat template JSON file (default: {ChatTemplate.FileName} beside the model, else User:/Assistant:)." };
        var sampling = new SamplingOptionSet();
        var offloadOptions = new OffloadOptionSet();
        var command = new Command("chat", "Talk with the model: one request per line, replies streamed (and spoken with --speak). " + CommandsHelp)
        {
            model, threads, system, speak, speakTo, state, maxTokens, template,
        };
        sampling.AddTo(command);
        offloadOptions.AddTo(command);
        command.SetAction(result => CommandErrors.Run(() =>
        {
            int replyLimit = ModelOptions.InRange("--max-tokens", result.GetValue(maxTokens), 1, TextGenerator.MaxTokensLimit);
            string? statePath = result.GetValue(state);
            if (statePath is not null) StateFile.CheckWritable(statePath);
            SamplingOptions samplingOptions = sampling.Read(result);
            StrictUtf8.CheckArgument(result.GetValue(system), "--system");
            using LoadedModel loaded = LoadedModel.Open(result.GetValue(model), result.GetValue(threads), result.GetValue(ModelOptions.StrictConfig));
            using FpgaProjectionOffload? offload = offloadOptions.Attach(result, loaded);
            ITextTokenizer tokenizer = ModelTokenizer.Load(loaded);
            string? templatePath = result.GetValue(template);
            ChatTemplate chatTemplate = templatePath is null ? ChatTemplate.ForModel(loaded.Path) : ChatTemplate.Load(templatePath);
            var generator = new TextGenerator(loaded.Forward, new InferenceState(loaded.Model.Config),
                new TokenSampler(loaded.Model.Config.VocabSize, samplingOptions), tokenizer.CreateStreamDecoder());
            var session = new ChatSession(generator, tokenizer, chatTemplate, loaded.Model, result.GetValue(system))
            {
                MaxReplyTokens = replyLimit,
            };
            return Loop(session, statePath, result.GetValue(speak), result.GetValue(speakTo));
        }));
        return command;
    }

    private static int Loop(ChatSession session, string? statePath, bool speak, string? speakTo)
    {
        bool interactive = !Console.IsInputRedirected;
        if (statePath is not null && File.Exists(statePath))
        {
            TimeSpan took = session.Load(statePath);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"edgemmf: resumed {statePath}: {session.ContextTokens} tokens of context from a {session.StateBytes:N0}-byte state in {took.TotalMilliseconds:F2} ms"));
        }
        if (interactive) Console.Error.WriteLine($"edgemmf chat: type a request and press Enter; {CommandsHelp}");

        EspeakNgSpeaker? speaker = speak || speakTo is not null ? new EspeakNgSpeaker(speakTo) : null;
        // Piped input is read as bytes, so a line that is not UTF-8 is named and skipped, not fed to the model as U+FFFD.
        Utf8LineReader? piped = interactive ? null : new Utf8LineReader(Console.OpenStandardInput());
        try
        {
            while (true)
            {
                if (interactive) { Console.Error.Write("> "); Console.Error.Flush(); }
                string? line;
                if (piped is null) line = Console.In.ReadLine();
                else if (piped.ReadLine() is not { } read) line = null;
                else if (read.Text is null)
                {
                    Console.Error.WriteLine($"edgemmf: warning: input line {read.Number} is not UTF-8 (first bad byte at offset {read.InvalidOffset} of the input, {read.InvalidOffset - read.Offset} of the line); skipped it.");
                    continue;
                }
                else line = read.Text;
                if (line is null) break;
                line = line.Trim();
                if (line.Length == 0) continue;
                if (line.StartsWith('/'))
                {
                    if (!RunCommand(session, line)) break;
                    continue;
                }
                speaker?.BeginUtterance();
                ChatTurn turn = session.Respond(line, new TextWriterSink(Console.Out), speaker is null ? null : speaker.Speak,
                    speaker is null ? null : () => speaker.FirstAudioTimestamp);
                Console.Out.WriteLine();
                Console.Out.Flush();
                if (statePath is not null) TrySave(session, statePath);
                if (interactive) Console.Error.WriteLine(Stats(session));
            }
        }
        finally
        {
            if (speaker is not null)
            {
                speaker.Complete();
                if (session.LastTurn is ChatTurn last && speaker.FirstAudioTimestamp > last.StartTimestamp)
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"edgemmf: last reply's first sentence was audio {System.Diagnostics.Stopwatch.GetElapsedTime(last.StartTimestamp, speaker.FirstAudioTimestamp).TotalMilliseconds:F0} ms after the request ({speaker.SentencesSpoken} sentences spoken)"));
                speaker.Dispose();
            }
        }
        return 0;
    }

    /// <summary>Handles a /command; false means quit.</summary>
    private static bool RunCommand(ChatSession session, string line)
    {
        string[] parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string argument = parts.Length > 1 ? parts[1] : "";
        switch (parts[0])
        {
            case "/quit" or "/exit":
                return false;
            case "/reset":
                session.Reset();
                Console.Error.WriteLine("edgemmf: conversation reset.");
                return true;
            case "/save" when argument.Length > 0:
                if (!TrySave(session, argument)) return true;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"edgemmf: saved {session.ContextTokens} tokens of context to {argument} ({FileLinks.Length(argument):N0} bytes)."));
                return true;
            case "/load" when argument.Length > 0:
                try
                {
                    TimeSpan took = session.Load(argument);
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"edgemmf: loaded {argument}: {session.ContextTokens} tokens of context in {took.TotalMilliseconds:F2} ms."));
                }
                catch (Exception e) when (e is StateFileException or IOException)
                {
                    Console.Error.WriteLine($"edgemmf: error: {TerminalText.Escape(e.Message)}");
                }
                return true;
            case "/stats":
                Console.Error.WriteLine(Stats(session));
                return true;
            default:
                Console.Error.WriteLine($"edgemmf: unknown command {parts[0]}; {CommandsHelp}");
                return true;
        }
    }

    /// <summary>Saves the state, or says why it could not and leaves the conversation as it was.</summary>
    private static bool TrySave(ChatSession session, string path)
    {
        try
        {
            session.Save(path);
            return true;
        }
        catch (StateFileException e)
        {
            Console.Error.WriteLine($"edgemmf: error: {TerminalText.Escape(e.Message)}; the conversation goes on unsaved.");
            return false;
        }
    }

    private static string Stats(ChatSession session)
    {
        if (session.LastTurn is not ChatTurn t)
            return string.Create(CultureInfo.InvariantCulture, $"[turns 0, context {session.ContextTokens} tokens, state {session.StateBytes:N0} bytes]");
        GenerationStats g = t.Generation;
        string spoken = t.TimeToFirstSentenceSeconds > 0 ? string.Create(CultureInfo.InvariantCulture, $", first sentence {t.TimeToFirstSentenceSeconds * 1000:F0} ms") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"[turns {session.Turns}, context {session.ContextTokens} tokens, state {session.StateBytes:N0} bytes; last reply {g.GeneratedTokens} tokens at {g.DecodeTokensPerSecond:F1} tokens/s, first token {g.TimeToFirstTokenSeconds * 1000:F0} ms{spoken}]");
    }
}
