namespace EdgeMmf.Device.Campaigns;

/// <summary>A campaign plan or output folder cannot be used; the message names the file and the fix.</summary>
public sealed class CampaignPlanException : Exception
{
    /// <summary>A refusal with <paramref name="message"/>.</summary>
    public CampaignPlanException(string message) : base(message) { }
}
