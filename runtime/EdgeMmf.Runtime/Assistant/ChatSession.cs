using System.Diagnostics;
using EdgeMmf.Runtime.Generation;
using EdgeMmf.Runtime.Model;

namespace EdgeMmf.Runtime.Assistant;

/// <summary>What one assistant reply did: the generation's stats plus the latencies a listener feels.</summary>
/// <param name="Generation">The stats of the reply's generation.</param>
/// <param name="TimeToFirstSentenceSeconds">From the request to the first complete sentence handed to speech
/// (or to its audio starting, when the synthesizer had already started it).</param>
/// <param name="Reply">The reply's text, as streamed.</param>
/// <param name="StartTimestamp">Stopwatch timestamp of the request, to time audio that becomes ready later.</param>
public sealed record ChatTurn(GenerationStats Generation, double TimeToFirstSentenceSeconds, string Reply, long StartTimestamp);

/// <summary>
/// A voice-assistant conversation on a recurrent model: each turn feeds only the new text to the model,
/// because the per-layer state already holds everything said before (docs/model-spec.md "MLGRU": the L x D
/// states are the whole context). Saving that state saves the conversation; loading it resumes at once.
/// </summary>
public sealed class ChatSession
{
    private readonly TextGenerator _generator;
    private readonly ITextTokenizer _tokenizer;
    private readonly ChatTemplate _template;
    private readonly ulong _fingerprint;

    /// <summary>A conversation through <paramref name="generator"/>; <paramref name="model"/> fingerprints saved states.</summary>
    public ChatSession(TextGenerator generator, ITextTokenizer tokenizer, ChatTemplate template, HgrnBitModel model, string? systemPrompt = null)
    {
        _generator = generator;
        _tokenizer = tokenizer;
        _template = template;
        _fingerprint = ModelFingerprint.Compute(model);
        SystemPrompt = systemPrompt;
    }

    /// <summary>Text put before the first user message, or null for none.</summary>
    public string? SystemPrompt { get; }
    /// <summary>The most tokens one reply may have.</summary>
    public int MaxReplyTokens { get; init; } = 160;
    /// <summary>Replies generated since the conversation started.</summary>
    public int Turns { get; private set; }
    /// <summary>The last reply, or null before the first.</summary>
    public ChatTurn? LastTurn { get; private set; }
    /// <summary>Tokens the state holds: everything said so far.</summary>
    public long ContextTokens => _generator.State.Recurrent.Position;
    /// <summary>The size of the state that holds the conversation, in bytes.</summary>
    public long StateBytes => _generator.State.Recurrent.ByteSize;

    /// <summary>Generates the reply to <paramref name="userMessage"/>, streaming text to <paramref name="sink"/>
    /// and each completed sentence to <paramref name="onSentence"/> (for speech).</summary>
    public ChatTurn Respond(string userMessage, ITextSink sink, Action<string>? onSentence = null, Func<long>? firstAudioTimestamp = null, CancellationToken cancellation = default)
    {
        long start = Stopwatch.GetTimestamp();
        bool first = _generator.State.Recurrent.Position == 0;
        string text = (first ? (string.IsNullOrEmpty(SystemPrompt) ? "" : _template.SystemPrefix + SystemPrompt + _template.TurnSeparator) : _template.TurnSeparator)
            + _template.UserPrefix + userMessage.Trim() + _template.TurnSeparator + _template.AssistantPrefix;
        int[] ids = _tokenizer.Encode(text, addBos: first && _tokenizer.AddBos);

        var stops = new List<string>(_template.StopStrings) { "\n\n" };   // a blank line ends a spoken reply
        var reply = new ReplyCollector(sink, onSentence);
        GenerationStats stats = _generator.Generate(new GenerationRequest { PromptIds = ids, MaxTokens = MaxReplyTokens, StopStrings = stops }, reply, null, cancellation);
        reply.Finish();
        long audio = firstAudioTimestamp?.Invoke() ?? 0;
        long firstSpoken = audio > start ? audio : reply.FirstSentenceTimestamp;
        double toSentence = firstSpoken > 0 ? Stopwatch.GetElapsedTime(start, firstSpoken).TotalSeconds : 0;
        Turns++;
        LastTurn = new ChatTurn(stats, toSentence, reply.Text, start);
        return LastTurn;
    }

    /// <summary>Forgets the conversation.</summary>
    public void Reset()
    {
        _generator.Reset();
        Turns = 0;
        LastTurn = null;
    }

    /// <summary>Saves the conversation to <paramref name="path"/> (<see cref="StateFile"/>).</summary>
    public void Save(string path) => StateFile.Save(path, _generator.State.Recurrent, _fingerprint, _generator.History);

    /// <summary>Resumes a saved conversation; returns how long it took.</summary>
    public TimeSpan Load(string path)
    {
        long start = Stopwatch.GetTimestamp();
        int[] history = StateFile.Load(path, _generator.State.Recurrent, _fingerprint);
        _generator.RestoreHistory(history);
        return Stopwatch.GetElapsedTime(start);
    }

    /// <summary>Passes text through and cuts it into sentences as it streams.</summary>
    private sealed class ReplyCollector(ITextSink inner, Action<string>? onSentence) : ITextSink
    {
        private readonly Speech.SentenceSplitter _splitter = new();
        private readonly System.Text.StringBuilder _text = new();
        public long FirstSentenceTimestamp { get; private set; }
        public string Text => _text.ToString().Trim();

        public void Write(ReadOnlySpan<char> text)
        {
            inner.Write(text);
            _text.Append(text);
            if (onSentence is not null) _splitter.Push(text, Sentence);
        }

        public void Finish()
        {
            if (onSentence is not null) _splitter.Flush(Sentence);
        }

        private void Sentence(string sentence)
        {
            if (FirstSentenceTimestamp == 0) FirstSentenceTimestamp = Stopwatch.GetTimestamp();
            onSentence!(sentence);
        }
    }
}
