namespace Sandbox.Contracts;

/// <summary>
/// The one mapping between an enum of the platform's vocabulary and the names its contracts use (the control store,
/// the audit log, the CLI's and the API's JSON). Every value has exactly one name; reading an unknown name fails
/// instead of guessing.
/// </summary>
/// <typeparam name="T">The enum.</typeparam>
public sealed class Vocabulary<T> where T : struct, Enum
{
    // Plain dictionaries: a handful of values each, built in every process's first milliseconds, where a frozen
    // dictionary's analysis of its keys (and its code over each enum, compiled at run time) cost more than it saves.
    private readonly Dictionary<T, string> _names;
    private readonly Dictionary<string, T> _values;
    private readonly T[] _order;
    private readonly string _what;

    /// <summary>Builds the vocabulary; every value of <typeparamref name="T"/> must be named exactly once.</summary>
    /// <param name="what">What the values are, for error messages ("job state").</param>
    /// <param name="names">The contract name of each value.</param>
    public Vocabulary(string what, IReadOnlyDictionary<T, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _what = what;
        _order = Enum.GetValues<T>();
        _names = new Dictionary<T, string>(_order.Length);
        _values = new Dictionary<string, T>(_order.Length, StringComparer.Ordinal);
        var missing = new List<T>();
        var shared = false;
        foreach (var value in _order)
        {
            if (!names.TryGetValue(value, out var name))
            {
                missing.Add(value);
                continue;
            }
            _names[value] = name;
            shared |= !_values.TryAdd(name, value);
        }
        if (missing.Count > 0) throw new ArgumentException($"{what}: no contract name for {string.Join(", ", missing)}", nameof(names));
        if (shared) throw new ArgumentException($"{what}: two values share a name", nameof(names));
    }

    /// <summary>Every contract name, in the enum's order.</summary>
    public IReadOnlyList<string> Names => [.. _order.Select(v => _names[v])];

    /// <summary>The contract name of <paramref name="value"/>.</summary>
    public string Name(T value) => _names.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {_what}");

    /// <summary>The value named <paramref name="name"/>; an unknown name is a <see cref="FormatException"/> naming the expected ones.</summary>
    public T Parse(string name) => TryParse(name, out var value)
        ? value
        : throw new FormatException($"unknown {_what} '{name}' (expected {string.Join(", ", Names)})");

    /// <summary>The value named <paramref name="name"/>, if it is one.</summary>
    public bool TryParse(string? name, out T value)
    {
        if (name is not null && _values.TryGetValue(name, out value)) return true;
        value = default;
        return false;
    }
}
