namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// The metadata keys and tensor names of an EdgeMmf HGRN-Bit GGUF file (docs/gguf-format.md).
/// Hyperparameters use llama.cpp's naming (<c>{arch}.embedding_length</c>, <c>{arch}.block_count</c>, ...)
/// where one exists; the tokenizer keys are exactly llama.cpp's for Llama SentencePiece vocabularies.
/// Tensor names are the Hugging Face checkpoint's (docs/model-spec.md "Tensor names").
/// </summary>
public static class HgrnBitGgufKeys
{
    public const string Architecture = "hgrn_bit";

    public const string GeneralArchitecture = "general.architecture";
    public const string GeneralName = "general.name";
    public const string GeneralAlignment = "general.alignment";
    public const string GeneralFileType = "general.file_type";
    public const string GeneralQuantizationVersion = "general.quantization_version";

    /// <summary>Version of EdgeMmf's layout conventions (scale tensors, padded rows); bumped when they change.</summary>
    public const string FormatVersion = "edgemmf.format_version";
    public const uint CurrentFormatVersion = 1;

    public const string VocabSize = Architecture + ".vocab_size";
    public const string EmbeddingLength = Architecture + ".embedding_length";              // H
    public const string BlockCount = Architecture + ".block_count";                        // L
    public const string FeedForwardLength = Architecture + ".feed_forward_length";         // I (always the effective value)
    public const string ExpandRatio = Architecture + ".expand_ratio";
    public const string HiddenRatio = Architecture + ".hidden_ratio";
    public const string NumHeads = Architecture + ".num_heads";
    public const string UseLowerBound = Architecture + ".use_lower_bound";
    public const string RmsNormEps = Architecture + ".rms_norm_eps";
    public const string UseShortConv = Architecture + ".use_short_conv";
    public const string TieWordEmbeddings = Architecture + ".tie_word_embeddings";
    public const string BosTokenId = Architecture + ".bos_token_id";
    public const string EosTokenId = Architecture + ".eos_token_id";
    public const string AttnMode = Architecture + ".attn_mode";
    public const string HiddenAct = Architecture + ".hidden_act";
    /// <summary>The BitLinear RMSNorm eps (1e-6, docs/model-spec.md "BitLinear" step 1), recorded so a reader need not know it.</summary>
    public const string BitLinearNormEps = Architecture + ".bitlinear_norm_eps";

    public const string TokenizerModel = "tokenizer.ggml.model";
    public const string TokenizerTokens = "tokenizer.ggml.tokens";
    public const string TokenizerScores = "tokenizer.ggml.scores";
    public const string TokenizerTokenType = "tokenizer.ggml.token_type";
    public const string TokenizerBosId = "tokenizer.ggml.bos_token_id";
    public const string TokenizerEosId = "tokenizer.ggml.eos_token_id";
    public const string TokenizerUnknownId = "tokenizer.ggml.unknown_token_id";
    public const string TokenizerPaddingId = "tokenizer.ggml.padding_token_id";
    public const string TokenizerAddBos = "tokenizer.ggml.add_bos_token";
    public const string TokenizerAddEos = "tokenizer.ggml.add_eos_token";

    public const string Embeddings = "model.embeddings.weight";
    public const string LowerBounds = "model.lower_bounds";
    public const string FinalNorm = "model.norm.weight";
    public const string LmHead = "lm_head";

    /// <summary>Suffix of the one-element F32 tensor holding a BitLinear weight's exact s_w: "&lt;weight name&gt;.scale".</summary>
    public const string ScaleSuffix = ".scale";

    public static string Layer(int n) => $"model.layers.{n}.";
}
