namespace OpsBot.Hosting;

/// <summary>
/// What is missing for the bot to be of use although it can start: no chat platform (nobody can send it a command)
/// or no AWS region (every AWS call fails). One line per missing part; <c>opsbot serve</c> prints them at start and
/// <c>/readyz</c> reports them as warnings.
/// </summary>
public sealed class ConfigurationWarnings
{
    private ConfigurationWarnings(IReadOnlyList<string> lines) => Lines = lines;

    public IReadOnlyList<string> Lines { get; }

    /// <summary>
    /// Reads the configuration as the adapters will: Slack is on when both of its secrets are set; an environment's
    /// region is its <c>Region</c>, else <c>OpsBot:Aws:Region</c>, else <c>AWS_REGION</c> / <c>AWS_DEFAULT_REGION</c>.
    /// </summary>
    public static ConfigurationWarnings From(IConfiguration configuration)
    {
        var lines = new List<string>();

        if (string.IsNullOrEmpty(configuration["OpsBot:Slack:SigningSecret"]) && string.IsNullOrEmpty(configuration["OpsBot:Slack:BotToken"]) &&
            string.IsNullOrEmpty(configuration["OpsBot:Teams:AppId"]))
        {
            lines.Add("No chat platform: Slack is off (OpsBot:Slack:SigningSecret and OpsBot:Slack:BotToken are empty) and so is Teams " +
                      "(OpsBot:Teams:AppId is empty), so nobody can send the bot a command.");
        }

        var fallback = new[] { "OpsBot:Aws:Region", "AWS_REGION", "AWS_DEFAULT_REGION" }
            .Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
        if (!fallback)
        {
            var environments = configuration.GetSection("OpsBot:Environments").GetChildren().ToList();
            var missing = environments.Where(e => string.IsNullOrWhiteSpace(e["Region"])).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
            if (environments.Count == 0)
                lines.Add("No AWS region: set OpsBot:Aws:Region or AWS_REGION, else every AWS call fails.");
            else if (missing.Count > 0)
                lines.Add($"No AWS region for {(missing.Count == 1 ? "environment" : "environments")} {string.Join(", ", missing)}: set OpsBot:Environments:<env>:Region, OpsBot:Aws:Region or AWS_REGION, else every AWS call there fails.");
        }

        return new ConfigurationWarnings(lines);
    }
}
