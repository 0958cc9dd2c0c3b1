namespace EdgeMmf.Runtime.Model;

/// <summary>How <see cref="FastForward"/> decodes one token.</summary>
public enum DecodeStepMode
{
    /// <summary><see cref="Parallel"/> from <see cref="ParallelDecodeStep.AutoFromThreads"/> threads on, <see cref="Batched"/> below.</summary>
    Auto,

    /// <summary>
    /// As a prompt: one fork-join per projection, with the norms, quantization and MLGRU/SwiGLU steps on the
    /// calling thread in between. Fastest on 1-2 cores, where those serial steps are a small part of a token.
    /// </summary>
    Batched,

    /// <summary><see cref="ParallelDecodeStep"/>: every step on every thread, no serial step between projections.</summary>
    Parallel,
}
