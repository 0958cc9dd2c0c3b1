namespace EdgeMmf.Runtime.Tests;

/// <summary>Locates the golden data under tests/data (see tests/data/README.md).</summary>
internal static class TestData
{
    public static string Root
    {
        get
        {
            for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                string candidate = System.IO.Path.Combine(d.FullName, "tests", "data");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("tests/data not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}
