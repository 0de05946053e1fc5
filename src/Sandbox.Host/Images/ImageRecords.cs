using System.Text.Json;
using Sandbox.Host.Home;

namespace Sandbox.Host.Images;

/// <summary>
/// The images this home trusts, by engine ID (<c>images.json</c> in the home). A job image whose tag now points
/// at a different ID was replaced behind the host's back and is refused.
/// </summary>
public static class ImageRecords
{
    /// <summary>The file that holds the records.</summary>
    public static string PathIn(string homeRoot) => Path.Combine(homeRoot, "images.json");

    /// <summary>The records of the home at <paramref name="homeRoot"/>; none when nothing was built.</summary>
    public static IReadOnlyDictionary<string, ImageRecord> Load(string homeRoot)
    {
        var path = PathIn(homeRoot);
        if (!File.Exists(path)) return new Dictionary<string, ImageRecord>();
        try
        {
            var records = JsonSerializer.Deserialize<List<ImageRecord>>(File.ReadAllText(path), Jsons.Options) ?? [];
            return records.ToDictionary(r => r.Name, StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new InputException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Adds or replaces one record; the file is replaced atomically so a crash never leaves half of it.</summary>
    public static void Save(string homeRoot, ImageRecord record)
    {
        var all = Load(homeRoot).Values.Where(r => r.Name != record.Name).Append(record).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        var path = PathIn(homeRoot);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(all, Jsons.Options));
        File.Move(temp, path, overwrite: true);
    }
}
