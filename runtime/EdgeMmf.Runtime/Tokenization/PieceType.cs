namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// Kinds of vocabulary entries. The numbers are SentencePiece's (sentencepiece_model.proto,
/// SentencePiece.Type) and llama.cpp's <c>tokenizer.ggml.token_type</c>, which share them.
/// </summary>
public enum PieceType
{
    /// <summary>An ordinary piece, produced by encoding.</summary>
    Normal = 1,
    /// <summary>The unknown piece.</summary>
    Unknown = 2,
    /// <summary>A control piece such as &lt;s&gt; or &lt;/s&gt;: not text.</summary>
    Control = 3,
    /// <summary>A user-defined piece, matched as a whole.</summary>
    UserDefined = 4,
    /// <summary>A piece never produced.</summary>
    Unused = 5,
    /// <summary>A byte-fallback piece &lt;0xXX&gt;.</summary>
    Byte = 6,
}
