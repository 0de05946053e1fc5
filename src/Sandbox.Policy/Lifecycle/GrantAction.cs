namespace Sandbox.Policy.Lifecycle;

/// <summary>What can happen to a grant.</summary>
public enum GrantAction
{
    /// <summary>The bureau takes an application into (expert) review: applied → under review.</summary>
    Review,

    /// <summary>A positive review is publicized: under review → publicized; the publicity period begins.</summary>
    Publicize,

    /// <summary>The agreement is signed after the publicity period: publicized → active.</summary>
    Activate,

    /// <summary>The application is turned down: applied, under review or publicized → terminated.</summary>
    Reject,

    /// <summary>Use is stopped for now: active → suspended.</summary>
    Suspend,

    /// <summary>Use may continue: suspended → active.</summary>
    Resume,

    /// <summary>Ended for good: any state but expired → terminated.</summary>
    Terminate,

    /// <summary>The period is over: active or suspended → expired.</summary>
    Expire,
}
