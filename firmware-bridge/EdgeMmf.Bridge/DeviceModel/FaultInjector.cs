namespace EdgeMmf.Bridge.DeviceModel;

/// <summary>
/// Decides, for each frame the device sends, whether a fault hits it (<see cref="FaultRule"/>).
/// Deterministic: frame-numbered rules always fire at the same frame, and probabilistic ones draw
/// from a generator seeded at construction. Rules may be added while the device serves.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<FaultRule> _rules = [];
    private readonly Random _random;

    /// <summary>
    /// An injector with no rules; <paramref name="seed"/> seeds the generator of probabilistic rules (<c>--fault-seed</c>).
    /// </summary>
    public FaultInjector(int seed = 1) => _random = new Random(seed);

    /// <summary>How long a stall holds a response back.</summary>
    public int StallMilliseconds { get; init; } = 2000;
    /// <summary>How many bytes a drop removes.</summary>
    public int DroppedBytes { get; init; } = 3;

    /// <summary>Faults injected so far.</summary>
    public int Injected { get; private set; }

    /// <summary>Adds a rule; for each frame the first rule that fires decides the fault. Thread-safe.</summary>
    public void Add(FaultRule rule)
    {
        lock (_gate) _rules.Add(rule);
    }

    /// <summary>The fault to apply to sent frame number <paramref name="frame"/> (from 1), if any.</summary>
    public FaultKind? ForFrame(long frame)
    {
        lock (_gate)
        {
            foreach (FaultRule rule in _rules)
            {
                bool hit = rule.IsProbabilistic ? _random.NextDouble() < rule.Probability : rule.CoversFrame(frame);
                if (hit)
                {
                    Injected++;
                    return rule.Kind;
                }
            }
            return null;
        }
    }
}
