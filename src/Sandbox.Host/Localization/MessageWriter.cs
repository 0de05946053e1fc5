namespace Sandbox.Host.Localization;

/// <summary>
/// A writer of messages kept as ids and arguments, not as text: a reader in another process (and language) renders
/// them in its own. Text written to it as such is the writer's own language and not passed on.
/// </summary>
internal abstract class MessageWriter : TextWriter
{
    /// <inheritdoc />
    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    /// <summary>Writes <paramref name="message"/> as its id and arguments.</summary>
    public abstract void Write(LocalMessage message);

    /// <summary>Writes message <paramref name="id"/> to <paramref name="writer"/>: as a message when it keeps messages, else as text in this process's language.</summary>
    public static void Say(TextWriter? writer, string id, params (string Name, object? Value)[] args)
    {
        if (writer is MessageWriter messages) messages.Write(new LocalMessage(id, args));
        else writer?.WriteLine(Messages.Get(id, args));
    }
}
