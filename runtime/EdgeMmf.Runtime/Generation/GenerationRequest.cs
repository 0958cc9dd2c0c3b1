namespace EdgeMmf.Runtime.Generation;

/// <summary>One generation: prompt ids (consumed on top of the current state) and when to stop.</summary>
public sealed record GenerationRequest
{
    /// <summary>The prompt's token ids.</summary>
    public required int[] PromptIds { get; init; }
    /// <summary>The most tokens to generate.</summary>
    public int MaxTokens { get; init; } = 128;
    /// <summary>Text that ends the generation when it appears (it is not printed).</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];
    /// <summary>Whether EOS ends the generation.</summary>
    public bool StopAtEndOfSequence { get; init; } = true;
}

/// <summary>Why a generation ended.</summary>
public enum StopReason
{
    /// <summary>The model emitted EOS.</summary>
    EndOfSequence,
    /// <summary>The token limit was reached.</summary>
    MaxTokens,
    /// <summary>A stop string appeared.</summary>
    StopString,
    /// <summary>The caller cancelled.</summary>
    Cancelled,
}
