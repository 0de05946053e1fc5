using Apache.Arrow;
using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Engine;

/// <summary>
/// Masks Arrow record batches column by column on their raw buffers: UTF-8 values are read as spans of the
/// value buffer and written into new native buffers, so no per-value string is created. Memory is bounded by
/// one input and one output batch.
/// </summary>
/// <remarks>
/// Per rule and input type: keep-first-last, tokenize, redact and district work on strings; year/month on
/// Date32 (truncated dates) or date strings; age bands, buckets (with top/bottom coding) and noise on numbers;
/// date shift on Date32 or date strings, keyed by the rule's subject column.
/// </remarks>
public sealed class MaskingEngine : IDisposable
{
    private readonly KeyedTokenizer _tokenizer;
    private readonly KeyedNoise _noise;
    private readonly DateShifter _shifter;

    /// <summary>Derives the grant's tokenization, noise and date-shift keys from the 32-byte master key.</summary>
    /// <exception cref="ArgumentException">The master key is not 32 bytes, or the grant id is empty.</exception>
    public MaskingEngine(ReadOnlySpan<byte> masterKey, string grantId)
    {
        _tokenizer = new KeyedTokenizer(masterKey, grantId);
        _noise = new KeyedNoise(masterKey, grantId);
        _shifter = new DateShifter(masterKey, grantId);
    }

    /// <summary>The schema of masked batches of <paramref name="schema"/>.</summary>
    /// <exception cref="MaskingPlanException">A plan names a missing column, a rule does not fit its column's type, or a subject column is missing.</exception>
    public Schema MaskedSchema(Schema schema, IReadOnlyList<ColumnPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(plans);
        var byName = ByName(schema, plans);
        var fields = new List<Field>(schema.FieldsList.Count);
        foreach (var field in schema.FieldsList)
        {
            fields.Add(byName.TryGetValue(field.Name, out var rule)
                ? new Field(field.Name, ColumnKernels.OutputType(field, rule), nullable: true)
                : field);
        }

        return new Schema(fields, schema.Metadata);
    }

    /// <summary>Masks one batch; the result shares unmasked columns with <paramref name="batch"/> (see <see cref="MaskedBatch"/>).</summary>
    /// <exception cref="MaskingPlanException">See <see cref="MaskedSchema"/>.</exception>
    public MaskedBatch Mask(RecordBatch batch, IReadOnlyList<ColumnPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var schema = MaskedSchema(batch.Schema, plans);
        var byName = ByName(batch.Schema, plans);
        var arrays = new IArrowArray[batch.ColumnCount];
        var created = new List<IArrowArray>(plans.Count);
        var owned = new List<IDisposable>();
        try
        {
            for (var i = 0; i < arrays.Length; i++)
            {
                var field = batch.Schema.GetFieldByIndex(i);
                if (!byName.TryGetValue(field.Name, out var rule) || rule.Technique == Technique.Keep)
                {
                    arrays[i] = batch.Column(i);
                    continue;
                }

                var subject = rule.Technique == Technique.DateShift ? batch.Column(rule.Subject!) : null;
                arrays[i] = ColumnKernels.Apply(field, batch.Column(i), rule, subject, this, owned);
                created.Add(arrays[i]);
            }
        }
        catch
        {
            foreach (var buffer in owned)
            {
                buffer.Dispose();
            }

            throw;
        }

        return new MaskedBatch(new RecordBatch(schema, arrays, batch.Length), owned);
    }

    internal KeyedTokenizer Tokenizer => _tokenizer;

    internal KeyedNoise Noise => _noise;

    internal DateShifter Shifter => _shifter;

    /// <inheritdoc />
    public void Dispose()
    {
        _tokenizer.Dispose();
        _noise.Dispose();
        _shifter.Dispose();
    }

    private static Dictionary<string, MaskingRule> ByName(Schema schema, IReadOnlyList<ColumnPlan> plans)
    {
        var byName = new Dictionary<string, MaskingRule>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            if (schema.GetFieldIndex(plan.Column) < 0)
            {
                throw new MaskingPlanException($"column {plan.Column}: not in the data (columns: {string.Join(", ", schema.FieldsList.Select(f => f.Name))})");
            }

            if (plan.Rule.Technique == Technique.DateShift
                && (string.IsNullOrEmpty(plan.Rule.Subject) || schema.GetFieldIndex(plan.Rule.Subject) < 0))
            {
                throw new MaskingPlanException($"column {plan.Column}: the date shift's subject column '{plan.Rule.Subject}' is not in the data");
            }

            ColumnKernels.OutputType(schema.GetFieldByName(plan.Column), plan.Rule); // throws when the rule does not fit
            byName[plan.Column] = plan.Rule;
        }

        return byName;
    }
}
