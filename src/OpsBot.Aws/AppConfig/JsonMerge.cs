using System.Text.Json.Nodes;

namespace OpsBot.Aws.AppConfig;

/// <summary>
/// A three-way merge of JSON trees: what changed from one version to another is brought into a third, object member
/// by object member; arrays and values are taken whole. A member unchanged between the two is left as the third has
/// it, so a change undone there (a stopped or reverted deployment) is not brought back by a merge.
/// </summary>
internal static class JsonMerge
{
    /// <summary>Applies to <paramref name="target"/> every member that differs between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static void TakeChanges(JsonObject target, JsonObject before, JsonObject after)
    {
        foreach (var name in before.Select(m => m.Key).Union(after.Select(m => m.Key), StringComparer.Ordinal).ToList())
        {
            var was = before[name];
            var now = after[name];
            var removed = before.ContainsKey(name) && !after.ContainsKey(name);
            if (removed)
            {
                target.Remove(name);
                continue;
            }
            if (before.ContainsKey(name) && JsonNode.DeepEquals(was, now))
                continue;
            if (was is JsonObject wasObject && now is JsonObject nowObject && target[name] is JsonObject targetObject)
                TakeChanges(targetObject, wasObject, nowObject);
            else
                target[name] = now?.DeepClone();
        }
    }
}
