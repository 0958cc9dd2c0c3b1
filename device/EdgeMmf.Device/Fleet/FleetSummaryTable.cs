using System.Globalization;
using System.Text;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Plots;
using EdgeMmf.Device.Text;

namespace EdgeMmf.Device.Fleet;

/// <summary>
/// The cross-board table of a fleet campaign: one row per board and configuration with the medians people compare
/// boards by (decode tokens/s, average W, J/token and J/token above idle), and the J/token plot by board.
/// </summary>
public sealed class FleetSummaryTable
{
    private readonly List<(string Board, ConfigurationSummary Configuration)> _rows = [];

    /// <summary>Adds a row per configuration of <paramref name="board"/>'s <paramref name="summary"/>.</summary>
    public void Add(string board, CampaignSummary summary)
    {
        foreach (ConfigurationSummary configuration in summary.Configurations)
        {
            _rows.Add((board, configuration));
        }
    }

    /// <summary>The table as CSV, one row per board and configuration.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder("board,configuration,runs,decode_tokens_per_second_median,average_watts_median,joules_per_token_median,joules_per_token_above_idle_median\n");
        foreach ((string board, ConfigurationSummary c) in _rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{CsvField.Escape(board)},{CsvField.Escape(c.ConfigurationKey)},{c.Runs}");
            foreach (double? value in (double?[])[c.DecodeTokensPerSecond.Median, c.AverageWatts.Median, c.JoulesPerToken.Median, c.JoulesPerTokenAboveIdle.Median])
            {
                csv.Append(',');
                if (value is double v)
                {
                    csv.Append(v.ToString("G6", CultureInfo.InvariantCulture));
                }
            }
            csv.Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>The J/token plot by board, as SVG, titled with <paramref name="campaign"/>.</summary>
    public string JoulesPerTokenPlot(string campaign)
    {
        var rows = new List<(string, Spread[])>(_rows.Count);
        foreach ((string board, ConfigurationSummary c) in _rows)
        {
            rows.Add(($"{board} {c.ConfigurationKey}", [c.JoulesPerToken, c.JoulesPerTokenAboveIdle]));
        }
        return SpreadChartSvg.Render($"{campaign}: energy per generated token by board", "J/token", ["total", "above idle"], rows);
    }
}
