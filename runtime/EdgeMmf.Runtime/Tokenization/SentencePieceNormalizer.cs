using System.Text;

namespace EdgeMmf.Runtime.Tokenization;

/// <summary>Where the dummy-prefix '▁' goes when text is cut by special tokens.</summary>
public enum PrefixScheme
{
    /// <summary>Every text segment gets one (HF <c>Prepend</c> normalizer: Llama's legacy behaviour).</summary>
    EverySegment,
    /// <summary>Only a segment at the very start of the text (HF <c>Metaspace</c>, prepend_scheme "first").</summary>
    FirstSegment,
    /// <summary>Never (add_dummy_prefix false / prepend_scheme "never").</summary>
    Never,
}

/// <summary>
/// Llama's SentencePiece normalization (identity rules): a dummy-prefix '▁' (U+2581) before the text and
/// every space escaped as '▁'. Empty segments stay empty (no lone prefix), as HF's Prepend normalizer does.
/// </summary>
public sealed class SentencePieceNormalizer(PrefixScheme scheme, bool removeExtraWhitespace = false)
{
    /// <summary>'▁' (U+2581): SentencePiece's escaped space.</summary>
    public const char SpaceMarker = '\u2581';

    /// <summary>Where the dummy prefix goes.</summary>
    public PrefixScheme Scheme { get; } = scheme;

    /// <summary>Writes <paramref name="segment"/>, normalized, into <paramref name="output"/> (cleared first); <paramref name="atStartOfText"/> when the segment begins the text.</summary>
    public void Normalize(ReadOnlySpan<char> segment, bool atStartOfText, StringBuilder output)
    {
        output.Clear();
        if (removeExtraWhitespace) segment = segment.Trim(' ');
        if (segment.IsEmpty) return;
        if (Scheme == PrefixScheme.EverySegment || (Scheme == PrefixScheme.FirstSegment && atStartOfText)) output.Append(SpaceMarker);
        bool lastWasSpace = false;
        foreach (char c in segment)
        {
            if (c == ' ')
            {
                if (removeExtraWhitespace && lastWasSpace) continue;
                output.Append(SpaceMarker);
                lastWasSpace = true;
            }
            else
            {
                output.Append(c);
                lastWasSpace = false;
            }
        }
    }
}
