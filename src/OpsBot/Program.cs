using System.CommandLine;
using OpsBot.Cli;

// The opsbot command line: `serve` (the default) runs the bot; see OpsBotCommandLine for the rest.
return await OpsBotCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });

/// <summary>The entry point, public so that integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
