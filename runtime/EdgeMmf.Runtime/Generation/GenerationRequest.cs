namespace EdgeMmf.Runtime.Generation;

/// <summary>One generation: prompt ids (consumed on top of the current state) and when to stop.</summary>
public sealed record GenerationRequest
{
    public required int[] PromptIds { get; init; }
    public int MaxTokens { get; init; } = 128;
    public IReadOnlyList<string> StopStrings { get; init; } = [];
    public bool StopAtEndOfSequence { get; init; } = true;
}

/// <summary>Why a generation ended.</summary>
public enum StopReason { EndOfSequence, MaxTokens, StopString, Cancelled }
