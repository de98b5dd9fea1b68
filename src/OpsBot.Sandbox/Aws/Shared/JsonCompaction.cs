using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.Shared;

/// <summary>AWS leaves unset members out of its answers rather than sending null; this does the same to an answer built with nulls.</summary>
internal static class JsonCompaction
{
    public static T WithoutNulls<T>(T node)
        where T : JsonNode
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
                    o.Remove(key);
                foreach (var (_, value) in o)
                    WithoutNulls(value!);
                break;
            case JsonArray a:
                foreach (var item in a.Where(i => i is not null))
                    WithoutNulls(item!);
                break;
        }
        return node;
    }
}
