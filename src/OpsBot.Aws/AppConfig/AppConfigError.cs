using System.Text.Json;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.AppConfig;

/// <summary>
/// The members of an AppConfig error body, read from an <see cref="AwsServiceException"/>: BadRequestException
/// (400; Reason InvalidConfiguration with the schema-validation failures in Details), ResourceNotFoundException
/// (404; ResourceName), PayloadTooLargeException (413; Measure, Limit, Size); ConflictException (409),
/// ServiceQuotaExceededException (402) and InternalServerException (500) carry a Message only.
/// </summary>
internal sealed record AppConfigError(
    string Code,
    string? Message = null,
    string? Reason = null,
    BadRequestDetails? Details = null,
    string? ResourceName = null,
    string? Measure = null,
    double? Limit = null,
    double? Size = null)
{
    public const string BadRequest = "BadRequestException";
    public const string ResourceNotFound = "ResourceNotFoundException";
    public const string Conflict = "ConflictException";

    /// <summary>The error's members, or just its code when the body is not AppConfig's JSON.</summary>
    public static AppConfigError From(AwsServiceException exception)
    {
        if (exception.ErrorBody is { } body && body.StartsWith('{'))
        {
            try
            {
                var members = JsonSerializer.Deserialize<AppConfigError>(body, AppConfigJson.Options);
                if (members is not null)
                    return members with { Code = exception.Code, Message = members.Message ?? exception.Detail };
            }
            catch (JsonException)
            {
                // Not the modelled shape (a proxy's page, say): the code and message the transport read are all there is.
            }
        }
        return new AppConfigError(exception.Code, exception.Detail);
    }

    /// <summary>The message, then each invalid-configuration detail, for a person to read.</summary>
    public string Describe()
    {
        var problems = Details?.InvalidConfiguration ?? [];
        return problems.Count == 0
            ? Message ?? Code
            : $"{Message ?? Code}: {string.Join("; ", problems.Select(p => p.Describe()))}";
    }
}

/// <summary>Why a request was bad (model shape <c>BadRequestDetails</c>, a union).</summary>
internal sealed record BadRequestDetails(IReadOnlyList<InvalidConfigurationDetail>? InvalidConfiguration);

/// <summary>One way the content broke its profile's validators or schema (model shape <c>InvalidConfigurationDetail</c>).</summary>
internal sealed record InvalidConfigurationDetail(string? Constraint, string? Location, string? Reason, string? Type, string? Value)
{
    public string Describe() =>
        string.Join(" ", new[] { Location, Reason, Constraint is null ? null : $"(constraint {Constraint})" }.Where(s => !string.IsNullOrEmpty(s)));
}
