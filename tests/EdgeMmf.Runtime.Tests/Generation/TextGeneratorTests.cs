using System.Text;
using EdgeMmf.Runtime.Generation;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Runtime.Tests.Generation;

[TestClass]
public sealed class TextGeneratorTests
{
    /// <summary>Decodes id k as "&lt;k&gt;" so tests can read back exactly which tokens were emitted.</summary>
    private sealed class IdDecoder : ITokenTextDecoder
    {
        public int MaxCharsPerToken => 16;
        public void Reset(bool startOfText = true) { }
        public int Append(int tokenId, Span<char> destination)
        {
            destination[0] = '<';
            tokenId.TryFormat(destination[1..], out int written);
            destination[1 + written] = '>';
            return written + 2;
        }
        public int Flush(Span<char> destination) => 0;
    }

    private sealed class Collect : ITextSink
    {
        public readonly StringBuilder Text = new();
        public void Write(ReadOnlySpan<char> text) => Text.Append(text);
    }

    private sealed class Marks : IGenerationObserver
    {
        public long Prefill, First, End;
        public int Tokens;
        public void OnPrefillStart(long timestamp, int promptTokens) => Prefill = timestamp;
        public void OnFirstToken(long timestamp) => First = timestamp;
        public void OnToken(long timestamp, int tokenIndex) => Tokens++;
        public void OnEnd(long timestamp, int generatedTokens) => End = timestamp;
    }

    private static (HgrnBitModel, TernaryProjector, FastForward) Open()
    {
        HgrnBitModel model = HgrnBitCheckpointLoader.Load(TestModels.Checkpoint(TestModels.Small, seed: 7));
        var projector = new TernaryProjector(1);
        return (model, projector, new FastForward(model, projector));
    }

    [TestMethod]
    public void Generate_Greedy_EmitsTheOraclesArgMaxChain()
    {
        var (model, projector, fast) = Open();
        using (model) using (projector)
        {
            var generator = new TextGenerator(fast, new InferenceState(model.Config), new TokenSampler(300, SamplingOptions.Greedy), new IdDecoder());
            var sink = new Collect();
            var marks = new Marks();
            GenerationStats stats = generator.Generate(new GenerationRequest { PromptIds = [1, 20, 30], MaxTokens = 6, StopAtEndOfSequence = false }, sink, marks);

            var oracle = new ReferenceForward(model);
            var state = new RecurrentState(model.Config);
            var logits = new float[300];
            foreach (int t in new[] { 1, 20, 30 }) oracle.Step(state, t, logits);
            var expected = new StringBuilder();
            for (int k = 0; k < 6; k++)
            {
                int next = TokenSampler.ArgMax(logits);
                expected.Append('<').Append(next).Append('>');
                oracle.Step(state, next, logits);
            }
            Assert.AreEqual(expected.ToString(), sink.Text.ToString());
            Assert.AreEqual(6, stats.GeneratedTokens);
            Assert.AreEqual(StopReason.MaxTokens, stats.StopReason);
            Assert.AreEqual(6, marks.Tokens);
            Assert.IsTrue(marks.Prefill <= marks.First && marks.First <= marks.End);
            Assert.AreEqual(9, generator.State.Recurrent.Position);
            Assert.AreEqual(9, generator.History.Length);
        }
    }

    [TestMethod]
    public void Generate_StopString_EndsGenerationWithoutPrintingIt()
    {
        var (model, projector, fast) = Open();
        using (model) using (projector)
        {
            var probe = new TextGenerator(fast, new InferenceState(model.Config), new TokenSampler(300, SamplingOptions.Greedy), new IdDecoder());
            var all = new Collect();
            probe.Generate(new GenerationRequest { PromptIds = [1, 5], MaxTokens = 5, StopAtEndOfSequence = false }, all);
            string third = all.Text.ToString().Split('>')[2] + ">";  // stop at the third emitted token

            var generator = new TextGenerator(fast, new InferenceState(model.Config), new TokenSampler(300, SamplingOptions.Greedy), new IdDecoder());
            var sink = new Collect();
            GenerationStats stats = generator.Generate(new GenerationRequest { PromptIds = [1, 5], MaxTokens = 5, StopStrings = [third], StopAtEndOfSequence = false }, sink);
            Assert.AreEqual(StopReason.StopString, stats.StopReason);
            Assert.AreEqual(all.Text.ToString()[..all.Text.ToString().IndexOf(third, StringComparison.Ordinal)], sink.Text.ToString());
        }
    }

    [TestMethod]
    public void Generate_SameSeed_GivesTheSameText()
    {
        var (model, projector, fast) = Open();
        using (model) using (projector)
        {
            var options = new SamplingOptions { Temperature = 1.2f, TopK = 40, TopP = 0.95f, Seed = 99 };
            string Run()
            {
                var generator = new TextGenerator(fast, new InferenceState(model.Config), new TokenSampler(300, options), new IdDecoder());
                var sink = new Collect();
                generator.Generate(new GenerationRequest { PromptIds = [1, 9], MaxTokens = 12, StopAtEndOfSequence = false }, sink);
                return sink.Text.ToString();
            }
            Assert.AreEqual(Run(), Run());
        }
    }
}
