using System.Reflection;
using System.Text.RegularExpressions;
using OpsBot.Sandbox.Aws;

namespace OpsBot.Sandbox.Tests.Aws;

/// <summary>
/// The emulator's layout: each folder under <c>src/OpsBot.Sandbox/Aws/</c> registers itself in
/// <c>AwsEmulatorRegistration.{Folder}.cs</c>, and what more than one of them uses lives in <c>Shared/</c>, which
/// depends on none of them, so that the simulated traffic and CloudWatch never reference each other.
/// </summary>
public sealed partial class EmulatorLayoutTests
{
    private const string Root = "OpsBot.Sandbox.Aws";

    private static readonly Lazy<DirectoryInfo> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var aws = new DirectoryInfo(Path.Combine(dir.FullName, "src", "OpsBot.Sandbox", "Aws"));
            if (aws.Exists)
                return aws;
        }
        throw new DirectoryNotFoundException($"src/OpsBot.Sandbox/Aws is not above {AppContext.BaseDirectory}");
    });

    [Fact]
    public void Each_emulator_folder_registers_itself_in_AwsEmulatorRegistration_dot_its_name()
    {
        foreach (var folder in Folder.Value.GetDirectories().Where(d => d.Name != "Shared"))
        {
            var registrations = folder.GetFiles("*.cs").Where(f => File.ReadAllText(f.FullName).Contains("partial class AwsEmulatorRegistration", StringComparison.Ordinal));
            Assert.Equal([$"AwsEmulatorRegistration.{folder.Name}.cs"], registrations.Select(f => f.Name));
        }
        var strays = Folder.Value.GetFiles("*Registration*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder.Value.FullName, f.FullName))
            .Where(p => p != "AwsEmulatorRegistration.cs" && !Regex.IsMatch(p, @"^(\w+)[/\\]AwsEmulatorRegistration\.\1\.cs$"));
        Assert.Equal([], strays);
    }

    [Fact]
    public void Shared_depends_on_no_emulator_folder()
    {
        var folders = Folder.Value.GetDirectories().Select(d => d.Name).Where(n => n != "Shared").ToList();
        Assert.NotEmpty(folders);
        foreach (var other in folders)
            AssertDoesNotReference("Shared", other);
    }

    [Theory]
    [InlineData("Traffic", "CloudWatch")]
    [InlineData("CloudWatch", "Traffic")]
    public void Traffic_and_CloudWatch_do_not_reference_each_other(string from, string to) => AssertDoesNotReference(from, to);

    /// <summary>CloudWatch's alarm actions publish through Shared's ITopicPublisher, so neither names the other.</summary>
    [Theory]
    [InlineData("CloudWatch", "Sns")]
    [InlineData("Sns", "CloudWatch")]
    public void CloudWatch_and_SNS_do_not_reference_each_other(string from, string to) => AssertDoesNotReference(from, to);

    /// <summary>AppConfig's monitors read alarm states through Shared's IAlarmStates, so AppConfig never names CloudWatch.</summary>
    [Fact]
    public void AppConfig_does_not_reference_CloudWatch() => AssertDoesNotReference("AppConfig", "CloudWatch");

    /// <summary>Neither the signatures of <paramref name="from"/>'s types (reflection, compiler-made types included)
    /// nor its code (using directives and qualified names, comments aside) name a type of <paramref name="to"/>.</summary>
    private static void AssertDoesNotReference(string from, string to)
    {
        var target = $"{Root}.{to}";
        var types = typeof(AwsEmulatorRegistration).Assembly.GetTypes().Where(t => t.Namespace == $"{Root}.{from}").ToList();
        Assert.NotEmpty(types);
        Assert.Empty(types.SelectMany(t => Signature(t).Where(r => r.Namespace == target).Select(r => $"{t.FullName} → {r.FullName}")).Distinct());

        var code = new Regex($@"\b(using\s+{Regex.Escape(target)}\b|{Regex.Escape(to)}\.[A-Z])");
        var files = Directory.GetFiles(Path.Combine(Folder.Value.FullName, from), "*.cs")
            .Where(f => File.ReadAllText(f).Contains($"namespace {Root}.{from};", StringComparison.Ordinal));
        Assert.Empty(files.SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, Code: Comment().Replace(line, "")))
            .Where(l => code.IsMatch(l.Code)).Select(l => $"{Path.GetFileName(l.f)}:{l.i + 1}: {l.Code.Trim()}")));
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every type a type's signature names: base, interfaces, fields, properties, constructors and methods.</summary>
    private static IEnumerable<Type> Signature(Type type)
    {
        IEnumerable<Type> named = [type.BaseType ?? typeof(object), .. type.GetInterfaces()];
        named = named.Concat(type.GetFields(All).Select(f => f.FieldType))
            .Concat(type.GetProperties(All).Select(p => p.PropertyType))
            .Concat(type.GetConstructors(All).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)))
            .Concat(type.GetMethods(All).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
        return named.SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type) =>
        type.HasElementType ? Unwrap(type.GetElementType()!)
        : type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrap).Prepend(type.GetGenericTypeDefinition())
        : [type];

    [GeneratedRegex(@"//.*$")]
    private static partial Regex Comment();
}
