using EdgeMmf.Runtime.Generation;
using EdgeMmf.Runtime.Kernels;
using EdgeMmf.Runtime.Model;
using EdgeMmf.Runtime.Sampling;

namespace EdgeMmf.Runtime.Tests.Generation;

/// <summary>NaN logits stop generation with an error naming the step, and request sizes the loop cannot hold are refused up front.</summary>
[TestClass]
public sealed class NonFiniteLogitsTests
{
    /// <summary>Decodes nothing; after <c>poisonAfter</c> tokens it puts a NaN into the recurrent state, as a bad state would.</summary>
    private sealed class PoisoningDecoder(InferenceState state, int poisonAfter) : ITokenTextDecoder
    {
        private int _tokens;
        public int MaxCharsPerToken => 16;
        public void Reset(bool startOfText = true) { }
        public int Append(int tokenId, Span<char> destination)
        {
            if (++_tokens == poisonAfter) state.Recurrent.H[0][3] = float.NaN;
            destination[0] = 'x';
            return 1;
        }
        public int Flush(Span<char> destination) => 0;
    }

    private sealed class Count : ITextSink
    {
        public int Chars;
        public void Write(ReadOnlySpan<char> text) => Chars += text.Length;
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(4)]
    public void Generate_NaNLogitsMidway_StopsNamingTheStep(int poisonAfter)
    {
        using HgrnBitModel model = HgrnBitCheckpointLoader.Load(TestModels.Checkpoint(TestModels.Small, seed: 7));
        using var projector = new TernaryProjector(1);
        var state = new InferenceState(model.Config);
        var generator = new TextGenerator(new FastForward(model, projector), state, new TokenSampler(300, SamplingOptions.Greedy), new PoisoningDecoder(state, poisonAfter));
        var sink = new Count();
        var e = Assert.ThrowsExactly<NonFiniteOutputException>(() =>
            generator.Generate(new GenerationRequest { PromptIds = [1, 20], MaxTokens = 10, StopAtEndOfSequence = false }, sink));
        Assert.AreEqual(poisonAfter, e.Step);
        StringAssert.Contains(e.Message, $"generation step {poisonAfter} ");
        Assert.IsFalse(e.Message.Contains('\n'));
        Assert.AreEqual(poisonAfter, sink.Chars, "what was generated before the fault was streamed");
    }

    [TestMethod]
    public void Generate_MaxTokensBeyondTheLimit_IsRefusedBeforeAnyWork()
    {
        using HgrnBitModel model = HgrnBitCheckpointLoader.Load(TestModels.Checkpoint(TestModels.Small, seed: 7));
        using var projector = new TernaryProjector(1);
        var state = new InferenceState(model.Config);
        var generator = new TextGenerator(new FastForward(model, projector), state, new TokenSampler(300, SamplingOptions.Greedy), new PoisoningDecoder(state, 0));
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            generator.Generate(new GenerationRequest { PromptIds = [1], MaxTokens = int.MaxValue }, new Count()));
        StringAssert.Contains(e.Message, TextGenerator.MaxTokensLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(0, state.Recurrent.Position);
    }
}
