using Sandbox.Documents;

namespace Sandbox.Policy.Training;

/// <summary>
/// Loads training records (<c>policies/training.yaml</c>):
/// <c>training: { validity-days: 365, records: [{ principal, course, completed, valid-until? }] }</c>.
/// </summary>
public static class TrainingLoader
{
    /// <summary>Parses and validates the document.</summary>
    /// <exception cref="PolicyDocumentException">The document is invalid; carries every error found.</exception>
    public static IReadOnlyList<TrainingRecord> Load(string path, string yamlText)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(yamlText);
        var (doc, errors) = DocumentParser.OpenRoot(path, yamlText, "training");
        var training = doc.Reader("training", required: true, "validity-days", "records");
        var validity = TrainingRecord.DefaultValidityDays;
        if (training?.String("validity-days", required: false) is { } text)
        {
            if (!int.TryParse(text, out validity) || validity < 1)
            {
                errors.Add(training.Value("validity-days", false)!, "training.validity-days", $"expected a positive number of days, found '{text}'");
            }
        }

        var records = new List<TrainingRecord>();
        var index = 0;
        foreach (var item in training?.Sequence("records", required: true)?.Children ?? [])
        {
            var field = $"training.records[{index++}]";
            if (MappingReader.AsMapping(item, field, errors) is not { } mapping)
            {
                continue;
            }

            var reader = new MappingReader(mapping, field, errors, "principal", "course", "completed", "valid-until");
            var principal = reader.String("principal", required: true);
            var course = reader.String("course", required: true);
            var completed = reader.Date("completed", required: true);
            var until = reader.Date("valid-until", required: false);
            if (completed is { } c && until is { } u && u < c)
            {
                errors.Add(reader.Value("valid-until", false)!, reader.PathOf("valid-until"), "ends before the training was completed");
            }

            if (principal is not null && course is not null && completed is { } done)
            {
                records.Add(new TrainingRecord(principal, course, done, until ?? done.AddDays(validity - 1)));
            }
        }

        errors.ThrowIfAny();
        return records;
    }
}
