namespace EdgeMmf.Runtime.Generation;

/// <summary>
/// The model produced a NaN or an infinity among its logits: sampling from them would emit an arbitrary token
/// (or nothing) and report success. Names the step, so a state or weights that go bad midway can be told from
/// a model that is broken from the first token.
/// </summary>
public sealed class NonFiniteOutputException(int step, int index, float value)
    : Exception($"the model's logits are not finite at generation step {step} (0 is the token after the prompt): " +
        $"logit {index} is {value}. The weights or the resumed state hold values the float math cannot carry; " +
        "check the model with 'edgemmf info' or start without the state file.")
{
    /// <summary>The generation step whose logits were not finite (0 is the token after the prompt).</summary>
    public int Step { get; } = step;
}
