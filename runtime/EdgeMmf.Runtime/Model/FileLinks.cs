namespace EdgeMmf.Runtime.Model;

/// <summary>
/// Follows symbolic links to the file they name. A Hugging Face cache snapshot is a folder of links into
/// <c>../../blobs/</c>; sizes, times and writes must be those of the target, never of the link.
/// </summary>
public static class FileLinks
{
    /// <summary>The file at the end of <paramref name="path"/>'s chain of links (itself when it is no link), as a full path.</summary>
    public static string FinalTarget(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null) return info.FullName;
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
    }

    /// <summary>The target's length in bytes (a link's own length is that of the name it holds).</summary>
    public static long Length(string path) => new FileInfo(FinalTarget(path)).Length;
}
