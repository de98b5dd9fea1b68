using OpsBot.Bench;

// Load benchmark of the deployment engine: N concurrent canaries against the fakes, in one process; then how many
// GetMetricData calls a poll makes with 100 metric checks configured (the real CloudWatch adapter on 127.0.0.1).
//   dotnet run -c Release --project bench/OpsBot.Bench -- [canaries=1000]
//   dotnet run -c Release --project bench/OpsBot.Bench -- checks      (the GetMetricData figures only)
//   dotnet run -c Release --project bench/OpsBot.Bench -- sns [rounds=5]   (SNS ALARM -> rollback UpdateAlias through the real host)
//   dotnet run -c Release --project bench/OpsBot.Bench -- teams [rounds=3] (Teams invokes on POST /teams/messages through the real host)
//
// teams mode (TeamsInvokeLatency.cs): the real host with the Teams adapter (AWS on the in-memory fakes, SQLite in a temp
// folder) and the sandbox's Teams stand-in (token service + Bot Connector, LoopbackTeams.cs) on 127.0.0.1. 100 deployments
// awaiting promotion in a gated environment, cards in a Teams channel; per round 500 refresh invokes and 100 Promote clicks
// at 50/s open loop (each POST /teams/messages with a freshly signed JWT), the connector's PUTs/replies and the time until
// every card shows the new state; then the JWT check alone. No assertion on timing. One Release run (2 shared cores,
// load average 4-6 from other work during the run), 2026-12-08:
//   Teams invokes: 100 deployments awaiting promotion (fn000..fn099) in gated environment bench (promotion approval, four eyes), cards in Teams channel 19:opsbot-bench@thread.tacv2; 3 rounds
//     real host on http://127.0.0.1:42875/ (Teams adapter, SQLite; AWS on the in-memory fakes); the sandbox's Teams stand-in on http://127.0.0.1:39071/
//     (token service: OpenID metadata + JWKS endorsed for msteams, client credentials; Bot Connector) — real JWT validation, connector client and card rendering
//     each invoke: POST /teams/messages with a freshly signed RS256 JWT, timed from the send to the invoke response read; open loop at 50/s
//
//     (1) refresh: 500 invokes a round, verb refresh, trigger automatic, alice/bob/dave/erin/carol in turn over the 100 cards
//     round  invokes  sent/s  p50 ms  p90 ms  p99 ms  max ms  non-200  not a card
//         1      500    50.0     2.1     6.1    19.6    80.5        0         0
//         2      500    50.0     1.3     2.2    13.3    43.7        0         0
//         3      500    50.0     1.2     1.7    16.8    25.0        0         0
//       all     1500             1.4     3.6    18.0    80.5
//
//     (2) act: bob (approver) clicks Promote on each of the 100 cards (requested by alice), verb act, the button's value from the stored deployment
//     round  invokes  sent/s  p50 ms  p90 ms  p99 ms  max ms  non-200  updated card
//         1      100    49.9     4.0    16.9   124.1   124.9        0           100
//         2      100    50.0     2.4     4.1     8.9    10.8        0           100
//         3      100    50.0     3.1     5.5     9.3    10.0        0           100
//       all      300             3.0     7.1   108.9   124.9
//
//     (3) the Bot Connector's side. setup s: the 100 started until every card is posted and shows AwaitingPromotion. posts, PUTs, replies:
//         channel posts, updates in place and thread replies the bot sent in the round (start to 1.5 s quiet), then those from the first click on;
//         errors: connector calls answered 4xx/5xx. click -> card ms: each card, from its Promote POST to the PUT that stored it past AwaitingPromotion
//         (n: cards seen so). all promoted s / all succeeded s: from the first click until every card in the connector's store showed that
//                    ---- in the round ----  -- after click --          ------------ click -> card ms -----------   all promoted / succeeded
//     round setup s  posts   PUTs  replies    PUTs  replies  errors  p50 ms  p90 ms  p99 ms  max ms      n        s         s
//         1     1.1    100    104      600     104      300       0     9.1   114.5   250.1   251.4    100     2.00      2.00
//         2     0.8    100    120      600     101      300       0     5.3    10.4    15.4    20.9    100     2.03      2.03
//         3     0.7    100    104      600     101      300       0     7.3    11.9    15.4    22.7    100     2.02      2.02
//       all                                                             7.0    20.9   242.4   251.4    300
//     token requests 1, member reads 1, OpenID metadata/JWKS reads 2 (whole run)
//
//     JWT validation alone: 1000 distinct RS256 tokens through BotTokenValidator (keys cached), sequential: mean 42 µs, p50 40 µs, p99 85 µs, max 3064 µs, 23651/s on one thread; refused 0
if (args is ["checks"])
    return await MetricCheckCalls.RunAsync(Console.Out);
if (args is ["sns", ..])
    return await SnsAlarmLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5, Console.Out);
if (args is ["teams", ..])
    return await TeamsInvokeLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3, Console.Out);
var canaries = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var engine = await EngineLoad.RunAsync(canaries, Console.Out);
Console.Out.WriteLine();
var checks = await MetricCheckCalls.RunAsync(Console.Out);
return engine != 0 ? engine : checks;
