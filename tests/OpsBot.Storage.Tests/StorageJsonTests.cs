using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Storage.Tests;

public sealed class StorageJsonTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Independent of StorageJson, and includes the computed properties, so that anything lost on the way shows.
    private static readonly JsonSerializerOptions Plain = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    private readonly TestDatabase _db = new();
    private readonly IDeploymentStore _store;

    public StorageJsonTests() => _store = _db.OpenStore();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void The_fixture_sets_every_property_so_that_the_round_trip_covers_it()
    {
        // Version is the store's to set: 0 until the first commit.
        AssertEverySettablePropertySet(TestDeployments.FullyPopulated(), "deployment", except: nameof(Deployment.Version));
    }

    [Fact]
    public async Task A_fully_populated_deployment_round_trips_through_the_store()
    {
        var original = TestDeployments.FullyPopulated();
        await _store.CreateAsync(original, new DeploymentChanges(), None);

        var loaded = await _store.GetAsync(original.Id, None);

        Assert.NotNull(loaded);
        AssertEverySettablePropertySet(loaded, "loaded");
        Assert.Equal(JsonSerializer.Serialize(original, Plain), JsonSerializer.Serialize(loaded, Plain));
        Assert.Equal(original.CreatedAt.Offset, loaded.CreatedAt.Offset);
        Assert.Equal(original.Plan, loaded.Plan);
        Assert.Equal(original.Health.Last!.Checks, loaded.Health.Last!.Checks);
        Assert.Equal(original.CurrentStep, loaded.CurrentStep);
        Assert.Equal("prod/lambda_router:live", loaded.Target.AliasKey);
    }

    [Fact]
    public async Task The_body_stores_enums_by_name_and_leaves_computed_properties_out()
    {
        var d = TestDeployments.FullyPopulated();
        await _store.CreateAsync(d, new DeploymentChanges(), None);

        var body = (string)_db.Scalar("SELECT body FROM deployments")!;

        Assert.Contains("\"AwaitingPromotion\"", body, StringComparison.Ordinal);
        Assert.Contains("\"CodeDeploy\"", body, StringComparison.Ordinal);
        Assert.Contains("\"version\":1", body, StringComparison.Ordinal);
        foreach (var computed in new[] { "currentStep", "isActive", "restoreVersion", "aliasKey", "lastIndex" })
            Assert.DoesNotContain($"\"{computed}\"", body, StringComparison.Ordinal);
        Assert.Equal("AwaitingPromotion", _db.Scalar("SELECT state FROM deployments"));
    }

    private static void AssertEverySettablePropertySet(object value, string path, string? except = null)
    {
        foreach (var p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.Name != except))
        {
            var v = p.GetValue(value);
            var where = $"{path}.{p.Name}";
            Assert.True(v is not null, $"{where} is null");
            if (p.PropertyType.IsValueType)
                Assert.True(!v!.Equals(Activator.CreateInstance(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType)), $"{where} has its default value");
            if (v is IEnumerable items and not string)
            {
                var list = items.Cast<object>().ToList();
                Assert.True(list.Count > 0, $"{where} is empty");
                foreach (var item in list.Where(IsCoreType))
                    AssertEverySettablePropertySet(item, $"{where}[]");
            }
            else if (IsCoreType(v!) && !p.PropertyType.IsEnum)
            {
                AssertEverySettablePropertySet(v!, where);
            }
        }
    }

    private static bool IsCoreType(object o) => o.GetType().Assembly == typeof(Deployment).Assembly && !o.GetType().IsEnum;
}
