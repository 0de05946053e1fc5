using Microsoft.Data.Sqlite;

namespace Sandbox.Host.Store;

/// <summary>
/// The job images this home trusts, by the engine's content-addressed ID: recorded by <c>image build</c> (or at the
/// first use of an image our builder made), each change audited. A tag that now points elsewhere is refused.
/// </summary>
internal sealed partial class ControlStore
{
    /// <summary>The record of image <paramref name="name"/> (<c>sandbox/python</c>), or null when none was made.</summary>
    public ImageRecord? FindImage(string name) =>
        Query("SELECT name, id, recipe, recorded_at FROM images WHERE name=$n", ReadImage, ("$n", name)).FirstOrDefault();

    /// <summary>Every recorded image, by name.</summary>
    public IReadOnlyList<ImageRecord> ListImages() =>
        Query("SELECT name, id, recipe, recorded_at FROM images ORDER BY name", ReadImage);

    /// <summary>Records (or replaces) the trusted ID of an image, inside the caller's audited change.</summary>
    private void PutImage(SqliteTransaction tx, ImageRecord image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Execute(_connection, tx,
            """
            INSERT INTO images(name, id, recipe, recorded_at) VALUES ($n, $id, $r, $at)
            ON CONFLICT(name) DO UPDATE SET id=excluded.id, recipe=excluded.recipe, recorded_at=excluded.recorded_at
            """,
            ("$n", image.Name), ("$id", image.Id), ("$r", image.Recipe), ("$at", Time(image.RecordedAt)));
    }

    private static ImageRecord ReadImage(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), ParseTime(r.GetString(3)));
}
