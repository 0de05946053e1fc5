using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Contracts.Evidence;
using Sandbox.Contracts.Runner;

namespace Sandbox.Contracts;

/// <summary>
/// The one serializer of the formats two processes share (the runner's job file, its report and a trained model's evidence): camelCase keys,
/// enums by name, generated at compile time so the writer and the reader cannot disagree on a shape.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(RunnerJob))]
[JsonSerializable(typeof(RunnerReport))]
[JsonSerializable(typeof(ModelEvidence))]
public sealed partial class ContractJson : JsonSerializerContext;
