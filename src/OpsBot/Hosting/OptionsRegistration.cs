using OpsBot.Core.Configuration;
using OpsBot.Storage;

namespace OpsBot.Hosting;

/// <summary>Where OpsBot keeps its state.</summary>
public sealed class StorageOptions
{
    public const string Section = "OpsBot:Storage";

    /// <summary><c>sqlite</c> (default; one replica).</summary>
    public string Provider { get; set; } = "sqlite";

    public string ConnectionString { get; set; } = "Data Source=opsbot.db";

    /// <summary>When set, the database may not grow beyond this many megabytes: writes beyond it fail as on a full disk, and <c>/readyz</c> says so.</summary>
    public int? MaxSizeMegabytes { get; set; }
}

public static class OptionsRegistration
{
    /// <summary>Binds the <c>OpsBot</c> section and validates it when the host starts.</summary>
    public static IServiceCollection AddOpsBotOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OpsBotOptions>().Bind(configuration.GetSection(OpsBotOptions.Section)).ValidateOnStart();
        return services;
    }

    /// <summary>Registers the store named by <c>OpsBot:Storage:Provider</c>; its schema is created or migrated on first use.</summary>
    public static IServiceCollection AddOpsBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (string.IsNullOrWhiteSpace(storage.ConnectionString))
            throw new ConfigurationKeyException($"{StorageOptions.Section}:ConnectionString", "is empty");
        if (storage.MaxSizeMegabytes is < 1)
            throw new ConfigurationKeyException($"{StorageOptions.Section}:MaxSizeMegabytes", $"must be at least 1, not {storage.MaxSizeMegabytes}");
        return storage.Provider.ToLowerInvariant() switch
        {
            "sqlite" => services.AddSqliteStorage(storage.ConnectionString, storage.MaxSizeMegabytes * 1024L * 1024L),
            _ => throw new ConfigurationKeyException($"{StorageOptions.Section}:Provider", $"unknown provider '{storage.Provider}' (known: sqlite)"),
        };
    }
}
