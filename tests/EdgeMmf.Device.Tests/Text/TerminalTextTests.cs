using EdgeMmf.Text;

namespace EdgeMmf.Device.Tests.Text;

[TestClass]
public sealed class TerminalTextTests
{
    [TestMethod]
    [DataRow("VDD_CORE", "VDD_CORE")]
    [DataRow("\u001b[2J\u001b[31mred", "\\x1b[2J\\x1b[31mred")]
    [DataRow("two\nlines\r", "two\\nlines\\r")]
    [DataRow("bidi\u202eevil", "bidi\\u202eevil")]
    [DataRow("c1\u009bx", "c1\\x9bx")]
    [DataRow("ünï 你好", "ünï 你好")]
    public void Escape_MakesControlCharactersVisible(string text, string expected) => Assert.AreEqual(expected, TerminalText.Escape(text));
}
