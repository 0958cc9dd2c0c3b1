namespace EdgeMmf.Runtime.Checkpoints;

/// <summary>
/// The fields every <c>config.json</c> saved by Hugging Face <c>transformers</c> may carry, whatever the model:
/// the attributes of its base class <c>PretrainedConfig</c> (4.x) / <c>PreTrainedConfig</c> (5.x). None of them
/// changes what an HGRN-Bit checkpoint computes at their default values; the few that could at other values
/// are checked by <see cref="HfConfigReader"/>.
/// <para>Source: the class docstring ("Arg:" list) and the fields and serialized keys of
/// <c>src/transformers/configuration_utils.py</c>, transformers 4.40-4.57 (<c>__init__</c> arguments, including the
/// generation parameters 4.x still wrote into config.json, and <c>_attn_implementation_autoset</c>, written since 4.48)
/// and transformers 5.x (the dataclass fields, <c>dtype</c>, <c>per_layer_config</c>, <c>experts_implementation</c>).
/// Keep this the only list; add to it from that file, not from a checkpoint seen in the wild.</para>
/// </summary>
public static class PretrainedConfigFields
{
    /// <summary>Every field name, as config.json spells it.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        // Written on every save (4.x and 5.x).
        "_name_or_path", "name_or_path", "_commit_hash", "transformers_version", "architectures", "model_type", "auto_map",
        "_attn_implementation_autoset", "_attn_implementation_internal", "attn_implementation", "_experts_implementation_internal",
        "experts_implementation", "torch_dtype", "dtype", "use_bfloat16", "tf_legacy_loss", "torchscript",
        // Outputs and structure.
        "output_hidden_states", "output_attentions", "return_dict", "is_encoder_decoder", "is_decoder", "add_cross_attention",
        "cross_attention_hidden_size", "tie_encoder_decoder", "tie_word_embeddings", "pruned_heads", "chunk_size_feed_forward",
        "per_layer_config",
        // Fine-tuning tasks.
        "finetuning_task", "id2label", "label2id", "num_labels", "task_specific_params", "problem_type",
        // Tokenizer.
        "tokenizer_class", "prefix", "bos_token_id", "pad_token_id", "eos_token_id", "sep_token_id", "decoder_start_token_id",
        // Generation parameters (4.x kept them in config.json; 5.x reads them into generation_config instead).
        "max_length", "min_length", "do_sample", "early_stopping", "num_beams", "num_beam_groups", "diversity_penalty",
        "temperature", "top_k", "top_p", "typical_p", "repetition_penalty", "length_penalty", "no_repeat_ngram_size",
        "encoder_no_repeat_ngram_size", "bad_words_ids", "num_return_sequences", "output_scores", "return_dict_in_generate",
        "forced_bos_token_id", "forced_eos_token_id", "remove_invalid_values", "exponential_decay_length_penalty",
        "suppress_tokens", "begin_suppress_tokens",
    };
}
