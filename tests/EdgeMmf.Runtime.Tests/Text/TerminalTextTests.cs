using EdgeMmf.Runtime.Checkpoints;
using EdgeMmf.Text;
using EdgeMmf.Runtime.Tokenization;

namespace EdgeMmf.Runtime.Tests.Text;

[TestClass]
public sealed class TerminalTextTests
{
    [TestMethod]
    [DataRow("blk.0.attn_norm.weight", "blk.0.attn_norm.weight")]
    [DataRow("\u001b[2J\u001b[31mred", "\\x1b[2J\\x1b[31mred")]
    [DataRow("two\nlines\r\t", "two\\nlines\\r\\t")]
    [DataRow("bidi\u202eevil\u2028", "bidi\\u202eevil\\u2028")]
    [DataRow("\u0000\u007f\u009b", "\\x00\\x7f\\x9b")]
    [DataRow("ünï 你好 ▁", "ünï 你好 ▁")]
    public void Escape_MakesControlCharactersVisible(string text, string expected) => Assert.AreEqual(expected, TerminalText.Escape(text));

    [TestMethod]
    public void FormatErrors_QuotingFileBytes_StayOnePrintableLine()
    {
        var model = new ModelFormatException("m.gguf", "key\u001b[31m\n", "is \"\u0007\"");
        Assert.AreEqual("m.gguf: key\\x1b[31m\\n: is \"\\x07\"", model.Message);
        var tokenizer = new TokenizerFormatException("t.json", "piece \"\r\n\" is bad");
        Assert.IsFalse(tokenizer.Message.Any(TerminalText.NeedsEscape));
    }
}
