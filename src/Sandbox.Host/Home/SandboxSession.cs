using NSec.Cryptography;
using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Principals;
using Sandbox.Contracts.Time;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;
using Sandbox.Policy.Principals;

namespace Sandbox.Host.Home;

/// <summary>An opened home: its store, keys and clock, acting as one principal.</summary>
public sealed class SandboxSession : IDisposable
{
    /// <summary>The principal the local CLI acts as unless <c>--as</c> names another.</summary>
    public const string Administrator = "admin";

    private SandboxSession(SandboxHome home, IControlStore store, TimeProvider time, byte[] signingKey, byte[] maskingKey, string actor)
    {
        Home = home;
        Store = store;
        Time = time;
        SigningKey = signingKey;
        MaskingKey = maskingKey;
        Actor = actor;
    }

    public SandboxHome Home { get; }
    internal IControlStore Store { get; }
    public TimeProvider Time { get; }
    public string Actor { get; }
    internal byte[] SigningKey { get; }
    internal byte[] MaskingKey { get; }

    /// <summary>Today in the domain's calendar (China Standard Time, UTC+8).</summary>
    public DateOnly Today => DomainClock.Today(Time);

    /// <summary>Creates the home: folders, keys (once, mode 0600) and the control store. Safe to run again.</summary>
    public static IReadOnlyList<string> Initialize(SandboxHome home, TimeProvider time)
    {
        var created = new List<string>();
        foreach (var dir in new[] { home.Root, home.KeysDirectory, home.DatasetsDirectory, home.WorkspacesDirectory, home.OutDirectory, home.BundlesDirectory })
        {
            if (!Directory.Exists(dir)) created.Add(dir);
            Directory.CreateDirectory(dir);
        }
        File.SetUnixFileMode(home.KeysDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        using (var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }))
        {
            if (KeyFiles.CreateOnce(home.SigningKeyPath, key.Export(KeyBlobFormat.RawPrivateKey))) created.Add(home.SigningKeyPath);
        }
        if (KeyFiles.CreateOnce(home.MaskingKeyPath, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))) created.Add(home.MaskingKeyPath);
        if (KeyFiles.CreateOnce(home.DataKeyPath, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))) created.Add(home.DataKeyPath);

        var fresh = !File.Exists(home.StorePath);
        using var session = Open(home, Administrator, time);
        if (fresh)
        {
            created.Add(home.StorePath);
            session.Store.Record(Administrator, AuditActions.HomeInit, home.Root, new { publicKey = session.PublicKeyHex });
        }
        // The control store holds grants, reviews and the gate's subject fingerprints: owner-only, like the keys
        // (SQLite gives its -wal and -shm files the database's own mode).
        foreach (var file in new[] { home.StorePath, home.StorePath + "-wal", home.StorePath + "-shm", home.AuditHeadPath })
        {
            if (File.Exists(file)) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return created;
    }

    /// <summary>Opens an initialized home acting as <paramref name="actor"/> (a declared principal, or admin).</summary>
    public static SandboxSession Open(SandboxHome home, string? actor, TimeProvider time) => Open(home, actor, time, pooled: false);

    /// <summary>
    /// Opens a session as <see cref="Open(SandboxHome, string?, TimeProvider)"/> does; a long-running host's sessions
    /// (<paramref name="pooled"/>) take their store connection from the process's pool and give it back when disposed.
    /// </summary>
    public static SandboxSession Open(SandboxHome home, string? actor, TimeProvider time, bool pooled)
    {
        if (!File.Exists(home.SigningKeyPath) || !File.Exists(home.MaskingKeyPath))
        {
            throw new InputException(new LocalMessage("error.home-missing", ("home", home.Root)));
        }
        Sandbox.Runner.Timing.PhaseClock.Mark("session exists");
        KeyFiles.EnsurePrivate(home);
        Sandbox.Runner.Timing.PhaseClock.Mark("session keys private");
        // A home from before raw files were sealed gets its data key now (its existing files are read where they are).
        // (Its random bytes only when it is missing: the generator loads OpenSSL, which a command otherwise loads later.)
        if (!File.Exists(home.DataKeyPath)) KeyFiles.CreateOnce(home.DataKeyPath, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var signingKey = KeyFiles.Read(home.SigningKeyPath);
        var maskingKey = KeyFiles.Read(home.MaskingKeyPath);
        Sandbox.Runner.Timing.PhaseClock.Mark("session keys read");
        var store = ControlStore.Open(home.StorePath, new AuditHead(home.AuditHeadPath, new AuditHeadSigner(signingKey)), time, pooled);
        Sandbox.Runner.Timing.PhaseClock.Mark("session store opened");
        var session = new SandboxSession(home, store, time, signingKey, maskingKey, actor ?? Administrator);
        if (session.Actor != Administrator && session.FindPrincipal(session.Actor) is null)
        {
            store.Dispose();
            throw new InputException(new LocalMessage("error.principal-unknown", ("id", session.Actor)));
        }
        return session;
    }

    /// <summary>The Ed25519 public key that verifies this home's bundles and audit head.</summary>
    public string PublicKeyHex
    {
        get
        {
            using var key = Key.Import(SignatureAlgorithm.Ed25519, SigningKey, KeyBlobFormat.RawPrivateKey);
            return Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        }
    }

    /// <summary>A new id for a job, export or release: prefix, the session clock's time, and 24 random bits.</summary>
    public string NewId(string prefix) =>
        $"{prefix}-{Time.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    /// <summary>A declared principal, or null.</summary>
    public Principal? FindPrincipal(string id) => Store.FindPrincipal(id);

    /// <summary>The roles of the acting principal (admin has the admin role only).</summary>
    public IReadOnlyList<Role> ActorRoles => Principal.Roles;

    /// <summary>The acting principal; the built-in administrator holds the admin role only.</summary>
    public Principal Principal => _principal ??= Actor == Administrator
        ? new Principal(Administrator, "platform administrator", [Role.Admin], null)
        : FindPrincipal(Actor) ?? new Principal(Actor, Actor, [], null);

    private Principal? _principal;

    /// <summary>True when the acting principal may do <paramref name="action"/> on <paramref name="resource"/>.</summary>
    public bool Can(AccessAction action, AccessResource resource) => Authorizer.Permits(Principal, action, resource);

    /// <summary>
    /// Asks the authorizer and throws its refusal: <see cref="NotFoundException"/> with <paramref name="notFound"/>
    /// (the very message a missing resource gets, in every language) when the principal may not see the resource,
    /// else <see cref="ForbiddenException"/> naming the rule. Without <paramref name="notFound"/> (a resource that
    /// is no secret: the platform, an organization) every refusal is the rule's.
    /// </summary>
    internal void Authorize(AccessAction action, AccessResource resource, Localization.LocalMessage? notFound = null)
    {
        var decision = Authorizer.Decide(Principal, action, resource);
        if (decision.Allowed) return;
        if (decision.Hidden && notFound is not null) throw new NotFoundException(notFound);
        throw new ForbiddenException(Localization.AccessRefusal.Of(Principal, action));
    }

    /// <inheritdoc />
    public void Dispose() => Store.Dispose();
}
