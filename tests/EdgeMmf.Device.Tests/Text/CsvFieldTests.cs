using System.Text;
using EdgeMmf.Device.Campaigns;
using EdgeMmf.Device.Sampling;
using EdgeMmf.Device.Tests.Simulation;
using EdgeMmf.Device.Text;

namespace EdgeMmf.Device.Tests.Text;

[TestClass]
public sealed class CsvFieldTests
{
    /// <summary>RFC 4180 records of a whole file (quoted fields may hold commas, quotes and line breaks).</summary>
    internal static List<List<string>> Parse(string csv)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < csv.Length; i++)
        {
            char c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { record.Add(field.ToString()); field.Clear(); records.Add(record); record = []; }
            else field.Append(c);
        }
        Assert.IsFalse(quoted, "a quoted field is never closed");
        return records;
    }

    [TestMethod]
    [DataRow("VIN", "VIN")]
    [DataRow("a,b", "\"a,b\"")]
    [DataRow("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [DataRow("line\nbreak", "\"line\nbreak\"")]
    [DataRow(" padded", "\" padded\"")]
    [DataRow("", "")]
    public void Escape_QuotesOnlyWhatNeedsIt(string text, string expected) => Assert.AreEqual(expected, CsvField.Escape(text));

    [TestMethod]
    public void SamplesCsv_HostileRailLabels_KeepEveryRowsFieldCount()
    {
        using var directory = new TemporaryDirectory();
        string path = System.IO.Path.Combine(directory.Path, "samples.csv");
        PowerChannel[] channels =
        [
            new("ina\"219", new PowerRail("VDD,CORE\n1,2,3", RailQuantity.Milliwatts, true)),
            new("hwmon0", new PowerRail("\u001b[31mred\r", RailQuantity.Milliwatts, true)),
        ];
        using (var writer = new PowerSampleCsvWriter(path, channels))
        {
            for (int k = 0; k < 25; k++) writer.Append(1000 + k, [k, -k]);
        }
        List<List<string>> records = Parse(File.ReadAllText(path));
        Assert.HasCount(26, records);
        foreach (List<string> record in records) Assert.HasCount(4, record);
        Assert.AreEqual("ina\"219/VDD,CORE\n1,2,3 [mW]", records[0][2]);
    }

    [TestMethod]
    public void SummaryCsv_HostileModelName_KeepsTheFieldCount()
    {
        var summary = new CampaignSummary
        {
            Configurations = [new ConfigurationSummary { ConfigurationKey = "m_cpu_t1_p8", Model = "my,\"model\"\nv2", Backend = "cpu", Threads = 1, PromptTokens = 8, Runs = 3, RejectedPowerSamples = 4 }],
        };
        List<List<string>> records = Parse(summary.ToCsv());
        Assert.HasCount(2, records);
        Assert.HasCount(records[0].Count, records[1]);
        Assert.AreEqual("my,\"model\"\nv2", records[1][1]);
        Assert.AreEqual("rejected_power_samples", records[0][^1]);
        Assert.AreEqual("4", records[1][^1]);
    }
}
