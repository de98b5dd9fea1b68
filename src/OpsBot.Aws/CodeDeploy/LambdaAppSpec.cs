using System.Text;
using System.Text.Json;
using OpsBot.Core.Deployments;

namespace OpsBot.Aws.CodeDeploy;

/// <summary>
/// The AppSpec of a Lambda deployment, as JSON: one <c>AWS::Lambda::Function</c> resource that moves the alias from the
/// stable version to the target version. No hooks: OpsBot watches health itself.
/// </summary>
internal static class LambdaAppSpec
{
    public static string For(Deployment deployment)
    {
        var target = deployment.Target;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            // The AppSpec version is written 0.0 in every AWS example; a serializer would shorten the number to 0.
            json.WritePropertyName("version");
            json.WriteRawValue("0.0");
            json.WriteStartArray("Resources");
            json.WriteStartObject();
            json.WriteStartObject(target.Function);
            json.WriteString("Type", "AWS::Lambda::Function");
            json.WriteStartObject("Properties");
            json.WriteString("Name", target.Function);
            json.WriteString("Alias", target.Alias);
            json.WriteString("CurrentVersion", deployment.StableVersion);
            json.WriteString("TargetVersion", deployment.TargetVersion);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
