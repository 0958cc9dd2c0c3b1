namespace EdgeMmf.Text;

/// <summary>The runtime's copy of <see cref="TerminalText"/> is public; the device library's is internal.</summary>
public static partial class TerminalText
{
}
