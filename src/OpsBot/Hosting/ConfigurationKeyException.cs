namespace OpsBot.Hosting;

/// <summary>A configuration key has a value OpsBot cannot use; the message starts with the key.</summary>
public sealed class ConfigurationKeyException(string key, string problem) : Exception($"{key}: {problem}");
