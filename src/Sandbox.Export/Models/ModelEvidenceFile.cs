using System.Text.Json;
using Sandbox.Contracts;
using Sandbox.Contracts.Evidence;

namespace Sandbox.Export.Models;

/// <summary>Reads the evidence the runner wrote beside a model (<see cref="ModelEvidence"/>, through <see cref="ContractJson"/>).</summary>
public static class ModelEvidenceFile
{
    /// <summary>Reads the evidence beside <paramref name="modelPath"/>; null when there is none or it cannot be read.</summary>
    public static ModelEvidence? ReadBeside(string modelPath)
    {
        var path = modelPath + ModelEvidence.Suffix;
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), ContractJson.Default.ModelEvidence);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
