// TEMPORARY: stand-ins for the helpers' auth and card code, so the rest compiles and its tests run; deleted at merge.
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;

namespace OpsBot.Teams.Auth
{
    internal static class TeamsAuthHttp { public const string HttpClientName = "teams-auth"; }
    internal sealed class TokenCheck { public bool IsValid { get; init; } public string? Reason { get; init; } public string? Refusal(string? c, string? s) => null; }
    internal sealed class BotTokenValidator { public Task<TokenCheck> ValidateAsync(string? a, CancellationToken ct) => throw new NotImplementedException(); }
    internal sealed class BotTokenClient : OpsBot.Teams.Connector.IBotToken { public ValueTask<string> GetTokenAsync(CancellationToken ct) => throw new NotImplementedException(); public void Invalidate(string t) { } }
    internal static class TeamsTenants { public static bool IsAllowed(TeamsOptions o, string? t) => true; }
    internal sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions> { public ValidateOptionsResult Validate(string? n, TeamsOptions o) => ValidateOptionsResult.Success; }
}

namespace OpsBot.Teams.Chat
{
    internal sealed record TeamsCardAction(string Verb, string Value);
    internal sealed class TeamsRendering
    {
        public Task<JsonObject> CardActivityAsync(ChatCard card, IReadOnlyList<ChatFile> files, CancellationToken ct) => throw new NotImplementedException();
        public Task<JsonObject> CardMessageAsync(ChatCard card, CancellationToken ct) => throw new NotImplementedException();
        public Task<JsonObject> TextActivityAsync(string text, CancellationToken ct) => throw new NotImplementedException();
        public Task<JsonObject> ReplyActivityAsync(CommandResult result, Actor? mention, CancellationToken ct) => throw new NotImplementedException();
        public TeamsCardAction? ReadAction(JsonElement value) => throw new NotImplementedException();
        public EntityRef? EntityOf(string key) => throw new NotImplementedException();
        public Task<JsonObject> InvokeCardAsync(ChatCard card, CancellationToken ct) => throw new NotImplementedException();
        public Task<JsonObject> InvokeConfirmAsync(ChatCard card, CardButton button, CancellationToken ct) => throw new NotImplementedException();
        public Task<JsonObject> InvokeReplyAsync(CommandResult result, CancellationToken ct) => throw new NotImplementedException();
        public string PlainText(CommandResult result) => throw new NotImplementedException();
        public static JsonObject InvokeError(int status, string code, string message) => throw new NotImplementedException();
        public static JsonObject InvokeMessage(string text) => throw new NotImplementedException();
        public static JsonObject ImageActivity(string title, Uri url) => throw new NotImplementedException();
    }
}
