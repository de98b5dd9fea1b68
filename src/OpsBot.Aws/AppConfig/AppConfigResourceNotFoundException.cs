namespace OpsBot.Aws.AppConfig;

/// <summary>
/// A named AppConfig application, environment, configuration profile or deployment strategy does not exist (or the
/// name is ambiguous); the message lists the ones that do, so the configuration can be fixed.
/// </summary>
internal sealed class AppConfigResourceNotFoundException(string message) : Exception(message);
