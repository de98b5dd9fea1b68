using OpsBot.Bench;

// Load benchmark of the deployment engine: N concurrent canaries against the fakes, in one process; then how many
// GetMetricData calls a poll makes with 100 metric checks configured (the real CloudWatch adapter on 127.0.0.1).
//   dotnet run -c Release --project bench/OpsBot.Bench -- [canaries=1000]
//   dotnet run -c Release --project bench/OpsBot.Bench -- checks      (the GetMetricData figures only)
//   dotnet run -c Release --project bench/OpsBot.Bench -- sns [rounds=5]   (SNS ALARM -> rollback UpdateAlias through the real host)
if (args is ["checks"])
    return await MetricCheckCalls.RunAsync(Console.Out);
if (args is ["sns", ..])
    return await SnsAlarmLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5, Console.Out);
var canaries = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var engine = await EngineLoad.RunAsync(canaries, Console.Out);
Console.Out.WriteLine();
var checks = await MetricCheckCalls.RunAsync(Console.Out);
return engine != 0 ? engine : checks;
