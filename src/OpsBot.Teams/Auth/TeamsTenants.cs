namespace OpsBot.Teams.Auth;

/// <summary>Which Microsoft 365 tenants' activities OpsBot acts on (a valid token proves only that Teams sent it, not from whom).</summary>
internal static class TeamsTenants
{
    /// <summary>
    /// <see cref="TeamsOptions.AllowedTenants"/> when it names any; else only <see cref="TeamsOptions.TenantId"/> when that
    /// is set; else any tenant (a legacy multi-tenant bot with no list). GUIDs compare ignoring case.
    /// </summary>
    public static bool IsAllowed(TeamsOptions options, string? tenantId)
    {
        if (options.AllowedTenants is { Count: > 0 } allowed)
            return !string.IsNullOrEmpty(tenantId) && allowed.Any(t => string.Equals(t?.Trim(), tenantId, StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrEmpty(options.TenantId))
            return string.Equals(options.TenantId, tenantId, StringComparison.OrdinalIgnoreCase);
        return true;
    }
}
