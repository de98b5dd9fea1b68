using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;
using OpsBot.Core.UseCases;
using OpsBot.Hosting;
using OpsBot.Sandbox.Teams;
using OpsBot.Teams.Auth;
using OpsBot.Testing;

using static OpsBot.Bench.BenchFleet;
using static OpsBot.Bench.Percentiles;

namespace OpsBot.Bench;

/// <summary>
/// The Teams adapter's messaging endpoint under load, through the real host (<see cref="OpsBotHost.Build"/>: the Teams
/// adapter, Core, SQLite; AWS on the in-memory fakes) and the sandbox's Teams stand-in on its own loopback app (its
/// token service signs every activity's JWT and serves the OpenID metadata and JWKS the bot checks them with; its Bot
/// Connector takes the bot's posts, updates and replies with the bot's client-credentials token). 100 deployments in a
/// gated environment (promotion approval, four eyes) are started by alice's Teams identity and wait for promotion, their
/// cards in the Teams channel. Per round:
/// <list type="number">
/// <item>500 <c>refresh</c> invokes (Teams' automatic refresh: <c>adaptiveCard/action</c>, verb <c>refresh</c>) at 50/s
/// open loop from five personas, round-robin over the cards: round trip of <c>POST /teams/messages</c> (each with a
/// freshly signed JWT) to its invoke response, non-200 answers, answers that are not an Adaptive Card;</item>
/// <item>bob clicks Promote on each of the 100 cards (verb <c>act</c>, the button's value from the stored deployment) at
/// 50/s: round trip, and how many answers are the card in its new state;</item>
/// <item>the Bot Connector's side: the channel posts, PUT updates and thread replies the bot sent during the round, and
/// the time from the first click until every card in the connector's store shows a promoted state (past awaiting
/// promotion), and until every one shows Succeeded.</item>
/// </list>
/// Then the JWT check alone: distinct tokens through the host's <see cref="BotTokenValidator"/>, one after another.
/// No assertion on timing; the exit code is 1 only when something did not happen at all.
/// </summary>
internal static partial class TeamsInvokeLatency
{
    private const int Deployments = 100;
    private const int Refreshes = 500;
    private const int Rate = 50;
    private const int Validations = 1000;
    private const string Environment = "bench";
    private const string ChannelId = "19:opsbot-bench@thread.tacv2";
    private const string Plan = "bench-gate";
    private const string Stable = "4";
    private const string CardType = "application/vnd.microsoft.card.adaptive";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TeamsSandboxChannel Channel = new(ChannelId, "Bench deployments", Environment);

    public static async Task<int> RunAsync(int rounds, TextWriter output)
    {
        var root = Path.Combine(Path.GetTempPath(), $"opsbot-teamsbench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var port = BenchFleet.FreePort();
            var options = new TeamsSandboxOptions { BotBaseUrl = new Uri($"http://127.0.0.1:{port}/"), Channels = [Channel] };
            await using var standIn = await LoopbackTeams.StartAsync(options);
            var lambda = new FakeLambda();
            for (var i = 0; i < Deployments; i++)
                lambda.Seed(Environment, Function(i), versions: 4 + rounds, live: Stable);
            var app = OpsBotHost.Build(Arguments(root, port, options), services =>
            {
                services.RemoveAll<ITrafficRouter>().AddSingleton<ITrafficRouter>(lambda);
                services.RemoveAll<IFunctionVersions>().AddSingleton<IFunctionVersions>(lambda);
                services.RemoveAll<IDelegatedRouter>().AddSingleton<IDelegatedRouter>(new FakeCodeDeploy(lambda, TimeProvider.System));
                services.RemoveAll<IMetricsSource>().AddSingleton<IMetricsSource>(new ScriptedMetrics());
                services.RemoveAll<ILogSearch>().AddSingleton<ILogSearch>(new FakeLogSearch());
                services.RemoveAll<IAlarmSource>().AddSingleton<IAlarmSource>(new ScriptedAlarms());
                services.RemoveAll<IOpsNotifier>().AddSingleton<IOpsNotifier>(new RecordingNotifier());
            });
            await using (app)
            {
                await app.StartAsync();
                return await MeasureAsync(app.Services, new Uri($"http://127.0.0.1:{port}/"), standIn, lambda, rounds, output);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<int> MeasureAsync(IServiceProvider services, Uri bot, LoopbackTeams standIn, FakeLambda lambda, int rounds, TextWriter output)
    {
        var teams = standIn.Teams;
        var people = teams.Options.People;
        var alice = Person(teams, "alice");
        var bob = Person(teams, "bob");
        var commands = services.GetRequiredService<ChatCommandHandler>();
        var store = services.GetRequiredService<IDeploymentStore>();
        var outbox = services.GetRequiredService<IOutboxStore>();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = bot,
            Timeout = TimeSpan.FromSeconds(30),
        };

        // The channel's conversation reference, as Teams gives it when the app is added to the team: without it the
        // bot has nowhere to post the cards. Then refreshes of a card that does not exist: the signing keys are read
        // once and cached (as in production after the first activity); JIT and connections warm.
        var update = TeamsActivities.Message(teams.Options, alice, Channel, "hello");
        update["type"] = "conversationUpdate";
        update["id"] = $"f:{Guid.NewGuid():N}";
        update.Remove("text");
        update.Remove("attachments");
        update.Remove("entities");
        update.Remove("textFormat");
        if (await InvokeAsync(http, teams, update) is { Status: not HttpStatusCode.OK } refused)
        {
            output.WriteLine($"the bot answered the channel's conversationUpdate {(int)refused.Status}: it refused the stand-in's token or the activity");
            return 1;
        }
        for (var i = 0; i < 20; i++)
        {
            var warm = await InvokeAsync(http, teams, Refresh(teams, people[i % people.Count], ChannelId, "1", "deployment|dep-warmup"));
            if (warm.Status != HttpStatusCode.OK)
            {
                output.WriteLine($"warm-up invoke answered {(int)warm.Status}: {warm.Body}");
                return 1;
            }
        }

        output.WriteLine($"Teams invokes: {Deployments} deployments awaiting promotion (fn000..fn{Deployments - 1:D3}) in gated environment {Environment} " +
                         $"(promotion approval, four eyes), cards in Teams channel {ChannelId}; {rounds} round{(rounds == 1 ? "" : "s")}");
        output.WriteLine($"  real host on {bot} (Teams adapter, SQLite; AWS on the in-memory fakes); the sandbox's Teams stand-in on {teams.Options.PublicBaseUrl}");
        output.WriteLine($"  (token service: OpenID metadata + JWKS endorsed for msteams, client credentials; Bot Connector) — real JWT validation, connector client and card rendering");
        output.WriteLine($"  each invoke: POST /teams/messages with a freshly signed RS256 JWT, timed from the send to the invoke response read; open loop at {Rate}/s");
        output.WriteLine();

        var refreshRows = new List<string>();
        var actRows = new List<string>();
        var connectorRows = new List<string>();
        var (allRefresh, allAct, allShown) = (new List<double>(), new List<double>(), new List<double>());
        var failed = false;
        for (var round = 1; round <= rounds; round++)
        {
            var version = (int.Parse(Stable, CultureInfo.InvariantCulture) + round).ToString(CultureInfo.InvariantCulture);
            var atStart = standIn.Calls.Now;
            var setup = Stopwatch.StartNew();
            var started = await StartAllAsync(commands, store, outbox, teams, alice, version, output);
            if (started is null)
                return 1;
            var setupSeconds = setup.Elapsed.TotalSeconds;

            // (1) refreshes: round-robin over the cards and the personas.
            var refreshes = await FireAsync(http, teams, Refreshes, i =>
            {
                var card = started[i % Deployments];
                return Task.FromResult(Refresh(teams, people[i % people.Count], card.Message.Thread, card.Message.MessageId, $"deployment|{card.Id}"));
            });
            var refreshMs = refreshes.Select(r => r.Milliseconds).ToList();
            allRefresh.AddRange(refreshMs);
            refreshRows.Add($"  {round,5} {Refreshes,8} {SentPerSecond(refreshes),7:0.0} {Row(refreshMs)} {refreshes.Count(r => r.Status != HttpStatusCode.OK),8} " +
                            $"{refreshes.Count(r => AnswerType(r.Body) != CardType),9}");

            // (2) bob promotes every card, each click with the Promote button's value of the deployment as stored now.
            var beforeClicks = standIn.Calls.Now;
            standIn.Calls.TakeUpdates();
            var clicked = new long[Deployments];
            var acts = await FireAsync(http, teams, Deployments, async i =>
            {
                var card = started[i];
                var d = (await store.GetAsync(card.Id, CancellationToken.None))!;
                clicked[i] = d.StateVersion;
                var value = DeploymentCard.ButtonValue(card.Id, d.StateVersion, DeploymentAction.Promote);
                return TeamsActivities.Invoke(teams.Options, bob, Channel, card.Message.Thread, card.Message.MessageId, "Promote", "act",
                    new JsonObject { ["opsbot"] = value }, "manual");
            });
            var firstClick = acts.Min(a => a.SentAt);
            var actMs = acts.Select(a => a.Milliseconds).ToList();
            allAct.AddRange(actMs);
            var updatedCards = acts.Select((a, i) => AnswerCard(a.Body) is { } state && state.Version > clicked[i] && state.State != nameof(DeploymentState.AwaitingPromotion)).Count(x => x);
            actRows.Add($"  {round,5} {Deployments,8} {SentPerSecond(acts),7:0.0} {Row(actMs)} {acts.Count(a => a.Status != HttpStatusCode.OK),8} {updatedCards,13}");

            // (3) the connector's store: every card past awaiting promotion, then every card Succeeded.
            var (promoted, succeeded) = await WatchCardsAsync(teams, started, firstClick);
            var toPromoted = CardLatencies(standIn.Calls.TakeUpdates(), started, acts);
            allShown.AddRange(toPromoted);
            if (!await BenchFleet.SettledAsync(store, lambda, [.. started.Select(c => c.Id)], Environment, DeploymentState.Succeeded, version, Deadline))
            {
                output.WriteLine($"  round {round}: not every deployment succeeded with its alias on version {version} within {Deadline.TotalSeconds:0} s; stopping");
                failed = true;
            }
            // What the outbox still sends after the last state (timeline lines, charts) belongs to the round too.
            var quiet = Stopwatch.StartNew();
            while (standIn.Calls.SinceLast < TimeSpan.FromSeconds(1.5) && quiet.Elapsed < TimeSpan.FromSeconds(30))
                await Task.Delay(100);
            var end = standIn.Calls.Now;
            var (whole, afterClicks) = (end - atStart, end - beforeClicks);
            connectorRows.Add($"  {round,5} {setupSeconds,7:0.0} {whole.Posts,6} {whole.Updates,6} {whole.Replies,8} {afterClicks.Updates,7} {afterClicks.Replies,8} " +
                              $"{whole.Failed,7} {Row(toPromoted)} {toPromoted.Count,6} {Seconds(promoted),8} {Seconds(succeeded),9}");
            if (failed || promoted is null || succeeded is null)
            {
                failed = true;
                break;
            }
        }

        output.WriteLine($"  (1) refresh: {Refreshes} invokes a round, verb refresh, trigger automatic, {string.Join("/", people.Select(p => p.Name))} in turn over the {Deployments} cards");
        output.WriteLine("  round  invokes  sent/s  p50 ms  p90 ms  p99 ms  max ms  non-200  not a card");
        refreshRows.ForEach(output.WriteLine);
        output.WriteLine($"  {"all",5} {allRefresh.Count,8} {"",7} {Row(allRefresh)}");
        output.WriteLine();
        output.WriteLine($"  (2) act: bob (approver) clicks Promote on each of the {Deployments} cards (requested by alice), verb act, the button's value from the stored deployment");
        output.WriteLine("  round  invokes  sent/s  p50 ms  p90 ms  p99 ms  max ms  non-200  updated card");
        actRows.ForEach(output.WriteLine);
        output.WriteLine($"  {"all",5} {allAct.Count,8} {"",7} {Row(allAct)}");
        output.WriteLine();
        output.WriteLine("  (3) the Bot Connector's side. setup s: the 100 started until every card is posted and shows AwaitingPromotion. posts, PUTs, replies:");
        output.WriteLine("      channel posts, updates in place and thread replies the bot sent in the round (start to 1.5 s quiet), then those from the first click on;");
        output.WriteLine("      errors: connector calls answered 4xx/5xx. click -> card ms: each card, from its Promote POST to the PUT that stored it past AwaitingPromotion");
        output.WriteLine("      (n: cards seen so). all promoted s / all succeeded s: from the first click until every card in the connector's store showed that");
        output.WriteLine("                 ---- in the round ----  -- after click --          ------------ click -> card ms -----------   all promoted / succeeded");
        output.WriteLine("  round setup s  posts   PUTs  replies    PUTs  replies  errors  p50 ms  p90 ms  p99 ms  max ms      n        s         s");
        connectorRows.ForEach(output.WriteLine);
        output.WriteLine($"  {"all",5} {"",7} {"",6} {"",6} {"",8} {"",7} {"",8} {"",7} {Row(allShown)} {allShown.Count,6}");
        var calls = standIn.Calls.Now;
        output.WriteLine($"  token requests {calls.Tokens}, member reads {calls.Members}, OpenID metadata/JWKS reads {calls.Keys} (whole run)");
        output.WriteLine();

        output.WriteLine(await ValidateAloneAsync(services, teams));
        return failed ? 1 : 0;
    }

    /// <summary>A started deployment and where its card is.</summary>
    private sealed record Started(string Id, ChatMessageRef Message);

    /// <summary>
    /// alice starts version <paramref name="version"/> of every function from the Teams channel; waits until each is
    /// awaiting promotion and its card, in the connector's store, shows that state at its current version.
    /// </summary>
    private static async Task<List<Started>?> StartAllAsync(ChatCommandHandler commands, IDeploymentStore store, IOutboxStore outbox, TeamsSandbox teams,
        TeamsSandboxPerson alice, string version, TextWriter output)
    {
        var deployer = new Actor($"teams:{alice.AadObjectId}", ChannelId, alice.Name);
        var (ids, refusal) = await BenchFleet.StartAsync(commands, deployer, Deployments, version, Environment);
        if (ids is null)
        {
            output.WriteLine($"  a start was refused: {refusal}");
            return null;
        }
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var states = await Task.WhenAll(ids.Select(id => store.GetAsync(id, CancellationToken.None)));
            var messages = await Task.WhenAll(ids.Select(id => outbox.GetChatMessageAsync(new EntityRef(EntityRef.DeploymentKind, id), CancellationToken.None)));
            if (states.All(d => d?.State == DeploymentState.AwaitingPromotion) && messages.All(m => m is not null))
            {
                var shown = Shown(teams);
                if (Enumerable.Range(0, Deployments).All(i =>
                        shown.GetValueOrDefault(messages[i]!.MessageId) is { } card && card.State == nameof(DeploymentState.AwaitingPromotion) && card.Version == states[i]!.StateVersion))
                    return [.. ids.Select((id, i) => new Started(id, messages[i]!))];
            }
            if (waited.Elapsed > Deadline)
            {
                output.WriteLine($"  not every deployment was awaiting promotion with its card posted within {Deadline.TotalSeconds:0} s: " +
                                 $"{string.Join(", ", states.GroupBy(d => d?.State).Select(g => $"{g.Count()} {g.Key}"))}, {messages.Count(m => m is not null)} cards");
                return null;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>From <paramref name="firstClick"/>: when every card showed a state past awaiting promotion, and when every card showed Succeeded (null: not within the deadline).</summary>
    private static async Task<(TimeSpan? Promoted, TimeSpan? Succeeded)> WatchCardsAsync(TeamsSandbox teams, List<Started> cards, long firstClick)
    {
        TimeSpan? promoted = null;
        while (Stopwatch.GetElapsedTime(firstClick) < Deadline)
        {
            var shown = Shown(teams);
            var states = cards.Select(c => shown.GetValueOrDefault(c.Message.MessageId)?.State).ToList();
            var now = Stopwatch.GetElapsedTime(firstClick);
            promoted ??= states.All(s => s is not null and not nameof(DeploymentState.AwaitingPromotion)) ? now : null;
            if (states.All(s => s == nameof(DeploymentState.Succeeded)))
                return (promoted ?? now, now);
            await Task.Delay(20);
        }
        return (promoted, null);
    }

    /// <summary>For each card, from its Promote click to the first update stored after it that shows a state past AwaitingPromotion; cards never seen so are left out.</summary>
    private static List<double> CardLatencies(List<CardUpdate> updates, List<Started> cards, Sent[] clicks)
    {
        var latencies = new List<double>();
        for (var i = 0; i < cards.Count; i++)
        {
            var (id, clickedAt) = (cards[i].Message.MessageId, clicks[i].SentAt);
            var shown = updates.FirstOrDefault(u => u.ActivityId == id && u.At >= clickedAt &&
                StateOf(u.Activity["attachments"]?[0]?["content"]) is { State: not nameof(DeploymentState.AwaitingPromotion) });
            if (shown is not null)
                latencies.Add(Stopwatch.GetElapsedTime(clickedAt, shown.At).TotalMilliseconds);
        }
        return latencies;
    }

    /// <summary>Each channel post's card state (its footer: state version and state), by activity id.</summary>
    private static Dictionary<string, CardState> Shown(TeamsSandbox teams)
    {
        var shown = new Dictionary<string, CardState>(StringComparer.Ordinal);
        foreach (var post in teams.Conversations.History(ChannelId))
        {
            if (post.IsRoot && post.Activity["attachments"]?[0]?["content"] is JsonObject card && StateOf(card) is { } state)
                shown[post.Id] = state;
        }
        return shown;
    }

    /// <summary>
    /// <paramref name="count"/> invokes sent on schedule at <see cref="Rate"/>/s whether or not earlier ones were
    /// answered; <paramref name="activity"/> builds the i-th (before its send is timed).
    /// </summary>
    private static async Task<Sent[]> FireAsync(HttpClient http, TeamsSandbox teams, int count, Func<int, Task<JsonObject>> activity)
    {
        var sent = new Sent[count];
        var tasks = new Task[count];
        var schedule = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / Rate) - schedule.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            var index = i;
            var body = await activity(index);
            tasks[i] = Task.Run(async () => sent[index] = await InvokeAsync(http, teams, body));
        }
        await Task.WhenAll(tasks);
        return sent;
    }

    /// <summary>Posts <paramref name="activity"/> to <c>/teams/messages</c> as the Bot Connector does, with a token signed for it just before the send.</summary>
    private static async Task<Sent> InvokeAsync(HttpClient http, TeamsSandbox teams, JsonObject activity)
    {
        var o = teams.Options;
        var token = teams.Issuer.SignActivityToken(o.Issuer, o.AppId, o.ServiceUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, "teams/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.UserAgent.ParseAdd("Microsoft-SkypeBotApi (Microsoft-BotFramework/3.0)");
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new Sent(started, response.StatusCode, body, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Sent(started, default, e.Message, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>Teams' automatic refresh of a card shown to <paramref name="person"/>.</summary>
    private static JsonObject Refresh(TeamsSandbox teams, TeamsSandboxPerson person, string conversationId, string cardActivityId, string entityKey) =>
        TeamsActivities.Invoke(teams.Options, person, Channel, conversationId, cardActivityId, null, "refresh", new JsonObject { ["opsbot"] = entityKey }, "automatic");

    /// <summary>
    /// The JWT check alone: <see cref="Validations"/> distinct tokens (each signed for its own service URL, so no two are
    /// alike) through the host's validator, keys cached, one after another.
    /// </summary>
    private static async Task<string> ValidateAloneAsync(IServiceProvider services, TeamsSandbox teams)
    {
        var validator = services.GetRequiredService<BotTokenValidator>();
        var o = teams.Options;
        var tokens = Enumerable.Range(0, Validations + 50)
            .Select(i => "Bearer " + teams.Issuer.SignActivityToken(o.Issuer, o.AppId, new Uri(o.ServiceUrl, $"v{i}/"))).ToList();
        var invalid = 0;
        foreach (var token in tokens.Take(50))
            invalid += (await validator.ValidateAsync(token, CancellationToken.None)).IsValid ? 0 : 1;
        var each = new List<double>(Validations);
        var all = Stopwatch.StartNew();
        foreach (var token in tokens.Skip(50))
        {
            var started = Stopwatch.GetTimestamp();
            var check = await validator.ValidateAsync(token, CancellationToken.None);
            each.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            invalid += check.IsValid ? 0 : 1;
        }
        var total = all.Elapsed;
        return $"  JWT validation alone: {Validations} distinct RS256 tokens through BotTokenValidator (keys cached), sequential: " +
               $"mean {each.Average():0} µs, p50 {P(each, 0.5):0} µs, p99 {P(each, 0.99):0} µs, max {P(each, 1):0} µs, " +
               $"{Validations / total.TotalSeconds:0}/s on one thread; refused {invalid}";
    }

    /// <summary>The <c>type</c> of an invoke response (<c>application/vnd.microsoft.card.adaptive</c>, <c>application/vnd.microsoft.activity.message</c>, …); null when the body is not one.</summary>
    private static string? AnswerType(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["type"] is JsonValue type && type.TryGetValue<string>(out var s) ? s : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The state an invoke response's card shows; null when the answer is not a card.</summary>
    private static CardState? AnswerCard(string body)
    {
        try
        {
            var answer = JsonNode.Parse(body);
            return answer?["type"]?.GetValue<string>() == CardType && answer["value"] is JsonObject card ? StateOf(card) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A deployment card's footer, <c>dep-… · state version 7 · AwaitingPromotion</c>, read from any of its texts.</summary>
    private static CardState? StateOf(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    if (StateOf(child) is { } found)
                        return found;
                }
                return null;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (StateOf(child) is { } found)
                        return found;
                }
                return null;
            case JsonValue v when v.TryGetValue<string>(out var text) && Footer().Match(text) is { Success: true } m:
                return new CardState(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value);
            default:
                return null;
        }
    }

    [GeneratedRegex(@"state version (\d+) · (\w+)$")]
    private static partial Regex Footer();

    private sealed record CardState(long Version, string State);

    private static TeamsSandboxPerson Person(TeamsSandbox teams, string name) =>
        teams.Person(name) ?? throw new InvalidOperationException($"the Teams stand-in has no persona {name}");

    private static double SentPerSecond(Sent[] sent)
    {
        var span = Stopwatch.GetElapsedTime(sent.Min(s => s.SentAt), sent.Max(s => s.SentAt)).TotalSeconds;
        return span > 0 ? (sent.Length - 1) / span : double.NaN;
    }

    private static string Seconds(TimeSpan? t) => t is { } s ? s.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    /// <summary>
    /// The host's configuration, as command-line arguments: Teams as SandboxConfiguration's Teams(...) sets it (the
    /// stand-in's app, tenant, metadata, issuer and login; connector on 127.0.0.1; the channel bound in the list form),
    /// no Slack; one gated environment whose functions post to the Teams channel; a two-step plan that waits for
    /// promotion after 10% and needs no bake, so that only people and the runner's 1 s poll move the deployments.
    /// </summary>
    private static string[] Arguments(string root, int port, TeamsSandboxOptions teams)
    {
        var args = new List<string>
        {
            $"--contentRoot={root}", // no appsettings.json: only what is below
            $"--urls=http://127.0.0.1:{port}",
            $"--OpsBot:Storage:ConnectionString=Data Source={Path.Combine(root, "opsbot.db")}",
            "--Logging:LogLevel:Default=Error",
            "--OpsBot:Runner:PollInterval=00:00:01",
            $"--OpsBot:Teams:AppId={teams.AppId}",
            $"--OpsBot:Teams:AppPassword={teams.AppPassword}",
            $"--OpsBot:Teams:TenantId={teams.TenantId}",
            $"--OpsBot:Teams:AllowedTenants:0={teams.TenantId}",
            $"--OpsBot:Teams:OpenIdMetadataUrl={teams.OpenIdMetadataUrl}",
            $"--OpsBot:Teams:Issuer={teams.Issuer}",
            $"--OpsBot:Teams:LoginBaseUrl={teams.LoginBaseUrl}",
            $"--OpsBot:Teams:Scope={teams.Scope}",
            "--OpsBot:Teams:ServiceUrlHosts:0=127.0.0.1",
            $"--OpsBot:Teams:PublicBaseUrl=http://127.0.0.1:{port}/",
            $"--OpsBot:Channels:0:Id={ChannelId}",
            "--OpsBot:Channels:0:Platform=teams",
            $"--OpsBot:Channels:0:Environment={Environment}",
            $"--OpsBot:Plans:{Plan}:0:Weight=10",
            $"--OpsBot:Plans:{Plan}:0:Bake=00:00:00",
            $"--OpsBot:Plans:{Plan}:1:Weight=100",
            $"--OpsBot:Plans:{Plan}:1:Bake=00:00:00",
            $"--OpsBot:Environments:{Environment}:Region=us-east-1",
            $"--OpsBot:Environments:{Environment}:OpsTopicArn=arn:aws:sns:us-east-1:123456789012:opsbot-pages-bench",
            $"--OpsBot:Environments:{Environment}:Gates:PromotionApproval=true",
            $"--OpsBot:Environments:{Environment}:Gates:FourEyes=true",
            $"--OpsBot:Environments:{Environment}:AllowedChannels:0={ChannelId}",
            $"--OpsBot:Environments:{Environment}:Roles:Viewer:0=teams:*",
        };
        var roles = new Dictionary<string, string[]> { ["Deployer"] = ["alice"], ["Approver"] = ["bob", "dave"], ["Admin"] = ["erin"] };
        foreach (var (role, names) in roles)
        {
            for (var i = 0; i < names.Length; i++)
                args.Add($"--OpsBot:Environments:{Environment}:Roles:{role}:{i}=teams:{teams.People.First(p => p.Name == names[i]).AadObjectId}");
        }
        foreach (var person in teams.People)
            args.Add($"--OpsBot:People:{person.Name}:0=teams:{person.AadObjectId}");
        for (var i = 0; i < Deployments; i++)
        {
            var fn = $"--OpsBot:Environments:{Environment}:Functions:{Function(i)}";
            args.AddRange([$"{fn}:Alias=live", $"{fn}:Plan={Plan}", $"{fn}:Channel={ChannelId}"]);
        }
        return [.. args];
    }

    /// <summary>One invoke: when it was sent (a <see cref="Stopwatch"/> timestamp), the HTTP status (0 when none), the body, the round trip.</summary>
    private readonly record struct Sent(long SentAt, HttpStatusCode Status, string Body, double Milliseconds);
}
