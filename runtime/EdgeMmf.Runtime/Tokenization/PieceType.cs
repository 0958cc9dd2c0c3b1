namespace EdgeMmf.Runtime.Tokenization;

/// <summary>
/// Kinds of vocabulary entries. The numbers are SentencePiece's (sentencepiece_model.proto,
/// SentencePiece.Type) and llama.cpp's <c>tokenizer.ggml.token_type</c>, which share them.
/// </summary>
public enum PieceType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}
