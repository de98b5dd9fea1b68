namespace OpsBot.Sandbox.Aws.Lambda;

/// <summary>
/// An alias as Lambda holds it: all traffic to <see cref="FunctionVersion"/> except <see cref="AdditionalWeight"/>
/// (0..1) to <see cref="AdditionalVersion"/>, when there is one. Every change gives it a new <see cref="RevisionId"/>.
/// </summary>
internal sealed record LambdaAlias(
    string Function,
    string Name,
    string Arn,
    string FunctionVersion,
    string Description,
    string? AdditionalVersion,
    double AdditionalWeight,
    string RevisionId)
{
    /// <summary>The share (0..1) of the alias's traffic each version gets; versions with none are left out.</summary>
    public IReadOnlyList<(string Version, double Share)> Shares() =>
        AdditionalVersion is { } additional && AdditionalWeight > 0
            ? AdditionalWeight >= 1 ? [(additional, 1.0)] : [(FunctionVersion, 1 - AdditionalWeight), (additional, AdditionalWeight)]
            : [(FunctionVersion, 1.0)];
}
