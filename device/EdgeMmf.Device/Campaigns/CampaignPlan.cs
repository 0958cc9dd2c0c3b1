using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeMmf.Device.Campaigns;

/// <summary>
/// A campaign: the matrix models x backends x threads x prompt lengths, each configuration run
/// <see cref="WarmupRuns"/> times unmeasured and <see cref="Repetitions"/> times measured, every measured
/// run preceded by <see cref="IdleSeconds"/> of idle baseline. Read from JSON (comments allowed,
/// unknown fields refused): see device/plans/smoke.json.
/// </summary>
public sealed class CampaignPlan
{
    /// <summary>The campaign's name, in the summary and the log.</summary>
    public string Name { get; set; } = "campaign";

    /// <summary>Free text about the campaign; null for none.</summary>
    public string? Description { get; set; }

    /// <summary>Model directories or ids the workload understands (the CLI: a model path, or <c>random:&lt;shape&gt;</c>).</summary>
    public List<string> Models { get; set; } = [];

    /// <summary><c>cpu</c>, later <c>fpga</c>.</summary>
    public List<string> Backends { get; set; } = ["cpu"];

    /// <summary>Thread counts to run with.</summary>
    public List<int> Threads { get; set; } = [1];

    /// <summary>Prompt lengths in tokens.</summary>
    public List<int> PromptTokens { get; set; } = [32];

    /// <summary>Tokens generated per run.</summary>
    public int GenerateTokens { get; set; } = 32;

    /// <summary>Unmeasured runs before a configuration's measured ones.</summary>
    public int WarmupRuns { get; set; } = 1;

    /// <summary>Measured runs per configuration.</summary>
    public int Repetitions { get; set; } = 3;

    /// <summary>Idle baseline before each measured run, in seconds.</summary>
    public double IdleSeconds { get; set; } = 2.0;

    /// <summary>Time between power samples, in milliseconds.</summary>
    public double SampleIntervalMilliseconds { get; set; } = 50;

    /// <summary>Seed for prompts and sampling, so repetitions do the same work.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Which power sensors to look for.</summary>
    public SensorPlan Sensors { get; set; } = new();

    /// <summary>
    /// A trigger pin for an external power meter, <c>CHIP:LINE</c> (<c>gpiochip0:17</c>): high during prefill,
    /// toggled every <see cref="MarkGpioEvery"/> decoded tokens, low at the end of each measured run. Null: none.
    /// Left out of plan.json when unset, so campaigns started before these fields existed still resume.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MarkGpio { get; set; }

    /// <summary>Decoded tokens per toggle of <see cref="MarkGpio"/>; null or 1: every token.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MarkGpioEvery { get; set; }

    /// <summary>The device for the "fpga" backend.</summary>
    public FpgaPlan? Fpga { get; set; }

    /// <see cref="SampleIntervalMilliseconds"/> as a time span.
    public TimeSpan SampleInterval => TimeSpan.FromMilliseconds(SampleIntervalMilliseconds);

    /// <summary>Reads and checks a plan file.</summary>
    /// <exception cref="CampaignPlanException">The file is missing, not valid JSON, or a field is out of range.</exception>
    public static CampaignPlan Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CampaignPlanException($"Cannot read campaign plan '{path}': {e.Message}");
        }
        return Parse(json, path);
    }

    /// <summary>Parses and checks plan JSON; <paramref name="source"/> names it in errors (<see cref="CampaignPlanException"/>).</summary>
    public static CampaignPlan Parse(string json, string source)
    {
        CampaignPlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize(json, CampaignJsonContext.Default.CampaignPlan);
        }
        catch (JsonException e)
        {
            throw new CampaignPlanException($"Campaign plan '{source}' is not valid: {e.Message} (fields: see device/plans/smoke.json).");
        }
        if (plan is null)
        {
            throw new CampaignPlanException($"Campaign plan '{source}' is empty.");
        }
        plan.Validate(source);
        return plan;
    }

    /// <summary>The plan as the campaign's output folder keeps it, to recognise the same plan on resume.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CampaignJsonContext.Default.CampaignPlan);

    private void Validate(string source)
    {
        void Require(bool condition, string field, string what)
        {
            if (!condition)
            {
                throw new CampaignPlanException($"Campaign plan '{source}': \"{field}\" {what}.");
            }
        }
        Require(Models.Count > 0, "models", "must list at least one model");
        Require(Backends.Count > 0, "backends", "must list at least one backend (\"cpu\")");
        Require(Threads.Count > 0 && Threads.TrueForAll(t => t >= 1), "threads", "must list thread counts of 1 or more");
        Require(PromptTokens.Count > 0 && PromptTokens.TrueForAll(p => p >= 1), "promptTokens", "must list prompt lengths of 1 token or more");
        Require(GenerateTokens >= 1, "generateTokens", "must be 1 or more");
        Require(WarmupRuns >= 0, "warmupRuns", "must be 0 or more");
        Require(Repetitions >= 1, "repetitions", "must be 1 or more");
        Require(IdleSeconds >= 0, "idleSeconds", "must be 0 or more");
        Require(SampleIntervalMilliseconds is >= 1 and <= 10_000, "sampleIntervalMilliseconds", "must lie between 1 and 10000 (10 ms to 1 s is typical)");
        Require(MarkGpioEvery is null or >= 1, "markGpioEvery", "must be 1 or more");
        if (MarkGpio is not null)
        {
            try
            {
                Gpio.GpioLineAddress.Parse(MarkGpio, "markGpio");
            }
            catch (FormatException e)
            {
                throw new CampaignPlanException($"Campaign plan '{source}': {e.Message}");
            }
        }
        foreach (string backend in Backends)
        {
            Require(backend is "cpu" or "fpga", "backends", $"has '{backend}'; known backends are \"cpu\" and \"fpga\"");
            Require(backend != "fpga" || !string.IsNullOrWhiteSpace(Fpga?.Bridge), "fpga",
                "needs a \"bridge\" address when \"backends\" lists \"fpga\", e.g. {\"bridge\": \"sim:127.0.0.1:7000\", \"offload\": \"layers=all\"}");
        }
    }
}
