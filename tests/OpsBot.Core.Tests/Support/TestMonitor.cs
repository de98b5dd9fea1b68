using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;

namespace OpsBot.Core.Tests.Support;

/// <summary>Options that do not change, for classes built by hand in a test.</summary>
internal sealed class TestMonitor(OpsBotOptions value) : IOptionsMonitor<OpsBotOptions>
{
    public OpsBotOptions CurrentValue => value;

    public OpsBotOptions Get(string? name) => value;

    public IDisposable? OnChange(Action<OpsBotOptions, string?> listener) => null;
}
