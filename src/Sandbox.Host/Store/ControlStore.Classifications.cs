using Microsoft.Data.Sqlite;

namespace Sandbox.Host.Store;

/// <summary>The bureau's corrections of column classifications; they outlive re-imports and win over detection.</summary>
internal sealed partial class ControlStore
{
    /// <summary>Records (or replaces) the classification of <paramref name="dataset"/>.<paramref name="column"/>.</summary>
    private void PutColumnClassification(SqliteTransaction tx, string dataset, string column, string? entity, int level, string reason, string actor) =>
        Execute(_connection, tx,
            """
            INSERT INTO column_classifications(dataset, column_name, entity, level, reason, classified_by, classified_at)
            VALUES ($d, $c, $e, $l, $r, $by, $at)
            ON CONFLICT(dataset, column_name) DO UPDATE SET entity=excluded.entity, level=excluded.level, reason=excluded.reason,
              classified_by=excluded.classified_by, classified_at=excluded.classified_at
            """,
            ("$d", dataset), ("$c", column), ("$e", entity), ("$l", level), ("$r", reason), ("$by", actor), ("$at", Time(_time.GetUtcNow())));

    // The stored columns with every override of the dataset in place: what grants, staging and masking read.
    private DatasetRecord WithOverrides(DatasetRecord record)
    {
        var overrides = Query("SELECT column_name, entity, level FROM column_classifications WHERE dataset=$d",
            r => (Column: r.GetString(0), Entity: Nullable(r, 1), Level: r.GetInt32(2)), ("$d", record.Name));
        if (overrides.Count == 0) return record;
        var columns = record.Columns.Select(c => overrides.FirstOrDefault(o => o.Column == c.Name) is { Column: not null } o
            ? c with { Entity = o.Entity, Level = o.Level, Confidence = 1 }
            : c).ToList();
        return record with { Columns = columns };
    }
}
