using OpsBot.Teams.Auth;

namespace OpsBot.Teams.Tests.Auth;

public sealed class TeamsTenantsTests
{
    private const string Home = "11111111-1111-1111-1111-111111111111";
    private const string Other = "22222222-2222-2222-2222-222222222222";
    private const string Third = "33333333-3333-3333-3333-333333333333";

    [Fact]
    public void The_allowed_list_wins_when_it_names_any_tenant()
    {
        var options = new TeamsOptions { TenantId = Home, AllowedTenants = [Other, Third] };

        Assert.True(TeamsTenants.IsAllowed(options, Other));
        Assert.True(TeamsTenants.IsAllowed(options, Third.ToUpperInvariant()));
        Assert.False(TeamsTenants.IsAllowed(options, Home));
        Assert.False(TeamsTenants.IsAllowed(options, null));
    }

    [Fact]
    public void Without_a_list_only_the_home_tenant_is_allowed()
    {
        var options = new TeamsOptions { TenantId = Home };

        Assert.True(TeamsTenants.IsAllowed(options, Home));
        Assert.False(TeamsTenants.IsAllowed(options, Other));
        Assert.False(TeamsTenants.IsAllowed(options, ""));
    }

    [Fact]
    public void Without_a_list_or_a_home_tenant_any_tenant_is_allowed()
    {
        var options = new TeamsOptions();

        Assert.True(TeamsTenants.IsAllowed(options, Other));
        Assert.True(TeamsTenants.IsAllowed(options, null));
    }
}
