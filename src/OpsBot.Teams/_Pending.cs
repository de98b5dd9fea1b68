// TEMPORARY: stand-ins for the helpers' auth and card code, so the rest compiles and its tests run; deleted at merge.
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;

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
