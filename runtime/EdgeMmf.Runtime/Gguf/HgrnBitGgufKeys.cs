namespace EdgeMmf.Runtime.Gguf;

/// <summary>
/// The metadata keys and tensor names of an EdgeMmf HGRN-Bit GGUF file (docs/gguf-format.md).
/// Hyperparameters use llama.cpp's naming (<c>{arch}.embedding_length</c>, <c>{arch}.block_count</c>, ...)
/// where one exists; the tokenizer keys are exactly llama.cpp's for Llama SentencePiece vocabularies.
/// Tensor names are the Hugging Face checkpoint's (docs/model-spec.md "Tensor names").
/// </summary>
public static class HgrnBitGgufKeys
{
    /// <summary>The general.architecture value, and the prefix of every hyperparameter key.</summary>
    public const string Architecture = "hgrn_bit";

    /// <summary>The architecture name (<see cref="Architecture"/>).</summary>
    public const string GeneralArchitecture = "general.architecture";
    /// <summary>The model's display name.</summary>
    public const string GeneralName = "general.name";
    /// <summary>The data-section alignment in bytes (32 when absent).</summary>
    public const string GeneralAlignment = "general.alignment";
    /// <summary>llama.cpp's file type: the ternary format the weights are in.</summary>
    public const string GeneralFileType = "general.file_type";
    /// <summary>ggml's quantization version (<see cref="HgrnBitGgufLayout.QuantizationVersion"/>).</summary>
    public const string GeneralQuantizationVersion = "general.quantization_version";

    /// <summary>Version of EdgeMmf's layout conventions (scale tensors, padded rows); bumped when they change.</summary>
    public const string FormatVersion = "edgemmf.format_version";
    /// <summary>The layout version this build writes and reads.</summary>
    public const uint CurrentFormatVersion = 1;

    /// <summary>V: vocab_size.</summary>
    public const string VocabSize = Architecture + ".vocab_size";
    /// <summary>H: hidden_size.</summary>
    public const string EmbeddingLength = Architecture + ".embedding_length";              // H
    /// <summary>L: num_hidden_layers.</summary>
    public const string BlockCount = Architecture + ".block_count";                        // L
    /// <summary>I: the effective intermediate size (docs/model-spec.md "Derived sizes").</summary>
    public const string FeedForwardLength = Architecture + ".feed_forward_length";         // I (always the effective value)
    /// <summary>expand_ratio (D = H * expand_ratio).</summary>
    public const string ExpandRatio = Architecture + ".expand_ratio";
    /// <summary>hidden_ratio, from which I is derived.</summary>
    public const string HiddenRatio = Architecture + ".hidden_ratio";
    /// <summary>num_heads.</summary>
    public const string NumHeads = Architecture + ".num_heads";
    /// <summary>use_lower_bound: whether the forget gates have lower bounds (docs/model-spec.md "Forget-gate lower bounds").</summary>
    public const string UseLowerBound = Architecture + ".use_lower_bound";
    /// <summary>rms_norm_eps of the layer and final RMSNorms.</summary>
    public const string RmsNormEps = Architecture + ".rms_norm_eps";
    /// <summary>use_short_conv (false for the supported checkpoints).</summary>
    public const string UseShortConv = Architecture + ".use_short_conv";
    /// <summary>tie_word_embeddings.</summary>
    public const string TieWordEmbeddings = Architecture + ".tie_word_embeddings";
    /// <summary>The config's bos_token_id.</summary>
    public const string BosTokenId = Architecture + ".bos_token_id";
    /// <summary>The config's eos_token_id.</summary>
    public const string EosTokenId = Architecture + ".eos_token_id";
    /// <summary>attn_mode, as config.json states it.</summary>
    public const string AttnMode = Architecture + ".attn_mode";
    /// <summary>hidden_act, as config.json states it.</summary>
    public const string HiddenAct = Architecture + ".hidden_act";
    /// <summary>The BitLinear RMSNorm eps (1e-6, docs/model-spec.md "BitLinear" step 1), recorded so a reader need not know it.</summary>
    public const string BitLinearNormEps = Architecture + ".bitlinear_norm_eps";

    /// <summary>The tokenizer kind ("llama" for SentencePiece).</summary>
    public const string TokenizerModel = "tokenizer.ggml.model";
    /// <summary>The token pieces, by id.</summary>
    public const string TokenizerTokens = "tokenizer.ggml.tokens";
    /// <summary>The piece scores, by id.</summary>
    public const string TokenizerScores = "tokenizer.ggml.scores";
    /// <summary>The piece types, by id (<see cref="Tokenization.PieceType"/> values).</summary>
    public const string TokenizerTokenType = "tokenizer.ggml.token_type";
    /// <summary>The tokenizer's beginning-of-sequence id.</summary>
    public const string TokenizerBosId = "tokenizer.ggml.bos_token_id";
    /// <summary>The tokenizer's end-of-sequence id.</summary>
    public const string TokenizerEosId = "tokenizer.ggml.eos_token_id";
    /// <summary>The tokenizer's unknown-piece id.</summary>
    public const string TokenizerUnknownId = "tokenizer.ggml.unknown_token_id";
    /// <summary>The tokenizer's padding id.</summary>
    public const string TokenizerPaddingId = "tokenizer.ggml.padding_token_id";
    /// <summary>Whether encoding prepends the beginning-of-sequence id.</summary>
    public const string TokenizerAddBos = "tokenizer.ggml.add_bos_token";
    /// <summary>Whether encoding appends the end-of-sequence id.</summary>
    public const string TokenizerAddEos = "tokenizer.ggml.add_eos_token";

    /// <summary>The [V, H] embedding table.</summary>
    public const string Embeddings = "model.embeddings.weight";
    /// <summary>The raw per-layer lower-bound logits (docs/model-spec.md "Forget-gate lower bounds").</summary>
    public const string LowerBounds = "model.lower_bounds";
    /// <summary>The final RMSNorm gain.</summary>
    public const string FinalNorm = "model.norm.weight";
    /// <summary>The lm_head BitLinear's base name.</summary>
    public const string LmHead = "lm_head";

    /// <summary>Suffix of the one-element F32 tensor holding a BitLinear weight's exact s_w: "&lt;weight name&gt;.scale".</summary>
    public const string ScaleSuffix = ".scale";

    /// <summary>The name prefix of layer <paramref name="n"/>'s tensors.</summary>
    public static string Layer(int n) => $"model.layers.{n}.";
}
