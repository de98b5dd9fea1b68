using Microsoft.Extensions.Logging;
using OpsBot.Bench;

// Load benchmark of the deployment engine: N concurrent canaries against the fakes, in one process.
//   dotnet run -c Release --project bench/OpsBot.Bench -- [canaries=1000]
var canaries = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
return await EngineLoad.RunAsync(canaries, Console.Out);
