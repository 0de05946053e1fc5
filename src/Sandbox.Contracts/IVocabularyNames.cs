namespace Sandbox.Contracts;

/// <summary>A converter that writes an enum by its vocabulary name, asked without knowing the enum's type at compile time.</summary>
public interface IVocabularyNames
{
    /// <summary>The contract name of <paramref name="value"/>, or null when the value is not of this converter's enum.</summary>
    string? NameOf(object value);
}
