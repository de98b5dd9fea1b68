using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;

namespace OpsBot.Testing;

/// <summary>Options that do not change, for classes built by hand in a test.</summary>
public sealed class TestMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>The OpsBot options that do not change.</summary>
public static class TestMonitor
{
    public static TestMonitor<OpsBotOptions> Of(OpsBotOptions value) => new(value);
}
