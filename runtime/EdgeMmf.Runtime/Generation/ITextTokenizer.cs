namespace EdgeMmf.Runtime.Generation;

/// <summary>What generation and chat need from a tokenizer: text to ids, and a streaming decoder.</summary>
public interface ITextTokenizer
{
    /// <summary>The beginning-of-sequence id.</summary>
    int BosId { get; }
    /// <summary>The end-of-sequence id.</summary>
    int EosId { get; }
    /// <summary>Whether the tokenizer's config asks for BOS at the start of a sequence.</summary>
    bool AddBos { get; }
    /// <summary>Ids for <paramref name="text"/>, with BOS first when <paramref name="addBos"/>.</summary>
    int[] Encode(string text, bool addBos);
    /// <summary>A fresh streaming decoder (one per output stream).</summary>
    ITokenTextDecoder CreateStreamDecoder();
}
