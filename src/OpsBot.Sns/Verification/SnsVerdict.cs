namespace OpsBot.Sns.Verification;

internal enum SnsVerdictKind
{
    /// <summary>Signed by the certificate its (trusted) URL serves, within the certificate's validity.</summary>
    Verified,

    /// <summary>Forged, tampered, stale, or its certificate is not acceptable: permanently bad (4xx).</summary>
    Refused,

    /// <summary>Could not be checked now (the certificate host did not answer): SNS should retry (5xx).</summary>
    Unavailable,
}

/// <summary>The outcome of verifying a delivery, and why when it is not verified.</summary>
internal sealed record SnsVerdict(SnsVerdictKind Kind, string? Reason)
{
    public static SnsVerdict Verified { get; } = new(SnsVerdictKind.Verified, null);

    public static SnsVerdict Refused(string reason) => new(SnsVerdictKind.Refused, reason);

    public static SnsVerdict Unavailable(string reason) => new(SnsVerdictKind.Unavailable, reason);
}
