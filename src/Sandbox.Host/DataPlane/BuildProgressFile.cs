using System.Globalization;

namespace Sandbox.Host.DataPlane;

/// <summary>
/// How far the build of one table's materialization has got, published beside the table's lock for a first use in
/// another process that waits on that lock (<see cref="TableWait"/>): <c>.TABLE.building</c> in the grant's folder,
/// owner-only, holding two counts — rows written and the dataset's rows; never a value. Replaced whole (written under another name, then
/// renamed), removed when the build ends; one a killed builder left is a temporary file of its table, removed by the
/// next build (or the sweep of leftovers) once the lock is free.
/// </summary>
internal sealed class BuildProgressFile(string directory, string table)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _path = PathOf(directory, table);

    /// <summary>The file of <paramref name="table"/> in the grant's folder <paramref name="directory"/>.</summary>
    public static string PathOf(string directory, string table) => Path.Combine(directory, $".{table}.building");

    /// <summary>Publishes <paramref name="rows"/> done of <paramref name="total"/>.</summary>
    public void Write(long rows, long total)
    {
        var temp = $"{_path}.{Guid.NewGuid():N}";
        try
        {
            using (var file = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
            using (var text = new StreamWriter(file))
            {
                text.Write(string.Create(CultureInfo.InvariantCulture, $"{rows} {total}\n"));
            }
            File.Move(temp, _path, overwrite: true);
        }
        catch (IOException)
        {
            // Only a waiter's courtesy: a build never fails for it.
            File.Delete(temp);
        }
    }

    /// <summary>Removes the file (the build ended, whole or not).</summary>
    public void Remove() => File.Delete(_path);

    /// <summary>
    /// Rows done and the dataset's rows, as the builder of <paramref name="table"/> last published them; null when none
    /// is published.
    /// </summary>
    public static (long Rows, long Total)? Read(string directory, string table)
    {
        string text;
        try
        {
            text = File.ReadAllText(PathOf(directory, table));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
        var parts = text.Trim().Split(' ');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rows)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            ? (rows, total)
            : null;
    }
}
