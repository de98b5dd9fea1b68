namespace OpsBot.Core.Identity;

/// <summary>Roles per environment; each includes the ones before it.</summary>
public enum Role
{
    None = 0,

    /// <summary>Status, history, health.</summary>
    Viewer = 1,

    /// <summary>Deploy, pause, resume, roll back.</summary>
    Deployer = 2,

    /// <summary>Approve, reject, promote.</summary>
    Approver = 3,

    /// <summary>Skip a gate with a reason, freeze an environment.</summary>
    Admin = 4,
}
