using System.Globalization;

namespace EdgeMmf.Device.Campaigns;

/// <summary>One run of a campaign: a point of the matrix and a repetition (or warm-up) of it.</summary>
public sealed record CampaignRun(string Model, string Backend, int Threads, int PromptTokens, int GenerateTokens, int Repetition, bool IsWarmup, int Seed)
{
    /// <summary>The configuration, without the repetition: what the summary groups by.</summary>
    public string ConfigurationKey => string.Create(CultureInfo.InvariantCulture, $"{ModelLabel}_{Backend}_t{Threads}_p{PromptTokens}");

    /// <summary>A file-name-safe id, e.g. <c>random-small_cpu_t2_p32_r1</c> (warm-ups: <c>_w1</c>).</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{ConfigurationKey}_{(IsWarmup ? "w" : "r")}{Repetition + 1}");

    /// <summary>The model's last path component, with characters unsafe in file names replaced.</summary>
    public string ModelLabel
    {
        get
        {
            string name = Path.GetFileName(Model.TrimEnd('/', '\\'));
            Span<char> safe = name.Length <= 64 ? stackalloc char[name.Length] : new char[name.Length];
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                safe[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-';
            }
            return safe.ToString();
        }
    }
}
