namespace OpsBot.Sandbox.Teams;

/// <summary>
/// The sandbox's stand-in for Microsoft Teams, one per sandbox: the token service (<see cref="Issuer"/>), the Bot
/// Connector's history (<see cref="Conversations"/>) and its fault switch, and the sender of activities to the bot.
/// Map it on the sandbox's application with <see cref="SandboxTeams.MapSandboxTeams"/>.
/// </summary>
public sealed class TeamsSandbox : IDisposable
{
    /// <summary>A new stand-in: a new signing key, empty channels.</summary>
    public TeamsSandbox(TeamsSandboxOptions options, TimeProvider? time = null)
    {
        Options = options;
        Issuer = new TeamsTokenIssuer(time);
        Conversations = new TeamsConversations(options.Channels.Select(c => c.Id), time);
        Sender = new TeamsBotSender(options, Issuer);
    }

    /// <summary>The app, tenant, team, channels and people.</summary>
    public TeamsSandboxOptions Options { get; }

    /// <summary>The token service: keys, inbound tokens, the bot's access tokens.</summary>
    public TeamsTokenIssuer Issuer { get; }

    /// <summary>The channels' posts, as the connector keeps them.</summary>
    public TeamsConversations Conversations { get; }

    /// <summary>The connector's throttling switch.</summary>
    public TeamsConnectorFaults Faults { get; } = new();

    /// <summary>Sends activities to the bot's <c>/teams/messages</c>.</summary>
    public TeamsBotSender Sender { get; }

    /// <summary>A persona by name or by MRI.</summary>
    public TeamsSandboxPerson? Person(string? nameOrMri) =>
        string.IsNullOrEmpty(nameOrMri) ? null : Options.People.FirstOrDefault(p => p.Name == nameOrMri || p.Mri == nameOrMri);

    /// <summary>A channel by id or name.</summary>
    public TeamsSandboxChannel? Channel(string? idOrName) =>
        string.IsNullOrEmpty(idOrName) ? null : Options.Channels.FirstOrDefault(c => c.Id == idOrName || c.Name == idOrName);

    /// <inheritdoc/>
    public void Dispose()
    {
        Sender.Dispose();
        Issuer.Dispose();
    }
}
