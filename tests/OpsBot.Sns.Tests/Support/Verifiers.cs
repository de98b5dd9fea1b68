using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Sns.Inbound;
using OpsBot.Sns.Verification;

namespace OpsBot.Sns.Tests.Support;

/// <summary>The verifier on its own, over <see cref="FakeSnsWeb"/> and a fake clock.</summary>
internal sealed class Verifiers
{
    public Verifiers(SnsOptions? options = null, DateTimeOffset? now = null)
    {
        Options = options ?? new SnsOptions();
        Time = new FakeTimeProvider(now ?? SnsMessages.Now);
        var settings = Microsoft.Extensions.Options.Options.Create(Options);
        Certificates = new SigningCertificateCache(new Factory(Web), settings, Time, NullLogger<SigningCertificateCache>.Instance);
        Verifier = new SnsMessageVerifier(new SnsUrlPolicy(settings), Certificates, settings, Time);
    }

    public SnsOptions Options { get; }

    public FakeSnsWeb Web { get; } = new();

    public FakeTimeProvider Time { get; }

    public SigningCertificateCache Certificates { get; }

    public SnsMessageVerifier Verifier { get; }

    public Task<SnsVerdict> VerifyAsync(JsonObject message) => VerifyAsync(message.ToJsonString());

    public async Task<SnsVerdict> VerifyAsync(string body)
    {
        var envelope = SnsEnvelopeParser.Parse(Encoding.UTF8.GetBytes(body), out var error)
            ?? throw new InvalidOperationException($"the test message does not parse: {error}");
        return await Verifier.VerifyAsync(envelope, CancellationToken.None);
    }

    private sealed class Factory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
