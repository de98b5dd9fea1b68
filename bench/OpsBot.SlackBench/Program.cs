using OpsBot.SlackBench;

// Slack acknowledgement latency benchmark, two processes on loopback:
//   dotnet run -c Release --project bench/OpsBot.SlackBench -- host [port]          the bot, AWS ports on in-memory fakes
//   dotnet run -c Release --project bench/OpsBot.SlackBench -- load <url> [rps] [seconds]   signed commands and clicks
// bench/slack-load.sh runs both and prints the figures.
return args.FirstOrDefault() switch
{
    "host" => await BenchHost.RunAsync(args.Skip(1).ToArray()),
    "load" => await LoadGenerator.RunAsync(args.Skip(1).ToArray(), Console.Out),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: OpsBot.SlackBench host [port] | load <base url> [requests per second] [seconds]");
    return 2;
}
