using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OpsBot.Sandbox.Aws.Lambda;

/// <summary>
/// The sandbox's Lambda functions, their versions and aliases: seeded with <see cref="SandboxSeed.Functions"/>, each
/// with versions 1..<see cref="SandboxSeed.Versions"/> (distinct code) and alias <see cref="SandboxSeed.Alias"/> on
/// <see cref="SandboxSeed.LiveVersion"/>; <c>$LATEST</c> holds the code of the last version, so publishing it again
/// answers that version until new code is uploaded (<see cref="UploadCode"/>). One lock guards everything: the
/// emulator, CodeDeploy's deployments and the traffic simulation all read and write here.
/// </summary>
internal sealed partial class LambdaWorld : ITrafficRoutes
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LambdaFunction> _functions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _uploads;

    public LambdaWorld(IOptions<AwsEmulatorOptions> options, TimeProvider time)
    {
        _time = time;
        Region = options.Value.Region;
        AccountId = options.Value.AccountId;
        var now = time.GetUtcNow();
        foreach (var name in SandboxSeed.Functions)
            Seed(name, now);
    }

    public string Region { get; }

    public string AccountId { get; }

    /// <summary>The functions' names, in seed order.</summary>
    public IReadOnlyList<string> FunctionNames
    {
        get
        {
            lock (_lock)
                return [.. _functions.Keys];
        }
    }

    public string FunctionArn(string name, string? account = null) => $"arn:aws:lambda:{Region}:{account ?? AccountId}:function:{name}";

    /// <summary>Where each alias sends its traffic now.</summary>
    public IReadOnlyList<AliasRoute> Routes()
    {
        lock (_lock)
        {
            return [.. _functions.Values.SelectMany(f => f.Aliases.Values).Select(a => new AliasRoute(a.Function, a.Name, a.Shares()))];
        }
    }

    private void Seed(string name, DateTimeOffset now)
    {
        var versions = new List<LambdaVersion>();
        for (var n = 1; n <= SandboxSeed.Versions; n++)
        {
            var content = $"{name} release {n}";
            // Older versions were published earlier: a day apart, the last one a day ago.
            var at = now.AddDays(n - SandboxSeed.Versions - 1);
            versions.Add(new LambdaVersion(n.ToString(System.Globalization.CultureInfo.InvariantCulture), Sha256(content), CodeSize(content),
                $"release {n}", at, NewRevision()));
        }
        var latest = versions[^1] with { Version = LambdaVersion.Latest, Description = "", RevisionId = NewRevision() };
        var function = new LambdaFunction(name, FunctionArn(name), $"arn:aws:iam::{AccountId}:role/{name}-role", latest);
        function.Published.AddRange(versions);
        var alias = new LambdaAlias(name, SandboxSeed.Alias, function.Qualified(SandboxSeed.Alias), SandboxSeed.LiveVersion,
            "live traffic", null, 0, NewRevision());
        function.Aliases[alias.Name] = alias;
        _functions[name] = function;
    }

    /// <summary>The function <paramref name="name"/> names; ResourceNotFoundException unless it is one of this account's.</summary>
    private LambdaFunction Find(LambdaFunctionName name)
    {
        if ((name.Account is null || name.Account == AccountId) && _functions.TryGetValue(name.Name, out var function))
            return function;
        throw LambdaFault.FunctionNotFound(FunctionArn(name.Name, name.Account));
    }

    /// <summary>An unqualified function name, for the operations whose FunctionName must not carry a version or alias.</summary>
    private LambdaFunction FindUnqualified(string functionName)
    {
        var name = LambdaFunctionName.Parse(functionName);
        if (name.Qualifier is not null)
            throw LambdaFault.InvalidParameter($"Unsupported qualifier in function name {functionName}: this operation takes an unqualified function name.");
        return Find(name);
    }

    private bool UpdateInProgress(LambdaFunction function) => function.UpdateSettlesAt is { } settles && _time.GetUtcNow() < settles;

    private static string NewRevision() => Guid.NewGuid().ToString();

    /// <summary>Lambda's CodeSha256: the base64 SHA-256 of the deployment package.</summary>
    private static string Sha256(string content) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    /// <summary>A plausible zip size for the fake package.</summary>
    private static long CodeSize(string content) => 40_000 + (Encoding.UTF8.GetByteCount(content) * 97);
}
