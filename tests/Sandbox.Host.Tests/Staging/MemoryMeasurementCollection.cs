namespace Sandbox.Host.Tests.Staging;

/// <summary>A collection that xunit runs with no other test in parallel.</summary>
[CollectionDefinition(nameof(WorkspaceStagerMemoryTests), DisableParallelization = true)]
public sealed class MemoryMeasurementCollection;
