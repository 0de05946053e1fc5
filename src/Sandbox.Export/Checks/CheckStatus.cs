using System.Text.Json.Serialization;

namespace Sandbox.Export.Checks;

/// <summary>The outcome of one disclosure rule, or of all of them. Serialized lowercase: <c>pass</c>, <c>review</c>, <c>fail</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
public enum CheckStatus
{
    /// <summary>The rule found nothing that could disclose.</summary>
    [JsonStringEnumMemberName("pass")]
    Pass,

    /// <summary>The rule cannot decide alone: a human reviewer must judge the output.</summary>
    [JsonStringEnumMemberName("review")]
    Review,

    /// <summary>The rule found a disclosure risk; only a justified reviewer override lets the output through.</summary>
    [JsonStringEnumMemberName("fail")]
    Fail,
}
