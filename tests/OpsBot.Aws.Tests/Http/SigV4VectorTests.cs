using Xunit.Abstractions;

namespace OpsBot.Aws.Tests.Http;

/// <summary>
/// OpsBot's signing path (<see cref="OpsBot.Aws.Http.AwsSigner"/> over AWSSDK.Core) against the aws-c-auth SigV4 suite in
/// <c>Http/SigV4Vectors/v4</c>. AWSSDK.Core always signs <c>x-amz-content-sha256</c>, so only the cases with
/// sign_body=true can reproduce the suite's signature exactly; every other case is listed with the reason it is
/// skipped, and those that differ only by sign_body=false are still checked against their canonical request with the
/// payload-hash header added (<see cref="SigV4Reference.ForOpsBot"/>), except for three where AWSSDK.Core canonicalizes
/// differently: those are pinned to what it signs instead.
/// </summary>
public sealed class SigV4VectorTests(ITestOutputHelper output)
{
    /// <summary>Cases OpsBot's signing path can reproduce byte for byte.</summary>
    public static TheoryData<string> Supported => Data(v => v.UnsupportedReason is null);

    /// <summary>Where AWSSDK.Core 4.1.0 canonicalizes differently from the suite, and the path or query it signs instead.</summary>
    private static readonly Dictionary<string, (string Reason, string? Path, string? Query)> Divergences = new(StringComparer.Ordinal)
    {
        ["get-slash-normalized"] = ("AWSSDK.Core keeps empty path segments: it signs the path '//' where the suite and the JS SDK's signer normalize it to '/'", "//", null),
        ["get-slashes-normalized"] = ("AWSSDK.Core keeps empty path segments: it signs the path '//example//' where the suite and the JS SDK's signer normalize it to '/example/'", "//example//", null),
        ["get-vanilla-query-order-encoded"] = ("AWSSDK.Core sorts query parameters by their decoded names (Param, Param-3, \u1234), SigV4 by their encoded names (%E1%88%B4 first)", null, "Param=Value2&Param-3=Value3&%E1%88%B4=Value1"),
    };

    /// <summary>Cases that differ from OpsBot's signing path only by sign_body=false, less the known divergences.</summary>
    public static TheoryData<string> BodyUnsigned => Data(v => v.UnsupportedReason is { } r && !r.Contains(';', StringComparison.Ordinal) && !v.SignBody
                                                                && !Divergences.ContainsKey(v.Name));

    public static TheoryData<string, string> Diverging
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (name, divergence) in Divergences)
                data.Add(name, divergence.Reason);
            return data;
        }
    }

    public static TheoryData<string, string> Skipped
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var v in SigV4Vector.All().Where(v => v.UnsupportedReason is not null))
                data.Add(v.Name, v.UnsupportedReason!);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Supported))]
    public async Task A_supported_case_signed_by_AwsSigner_has_the_suites_signature(string name)
    {
        var v = SigV4Vector.Load(name);

        var (signature, signedHeaders, _) = await SigV4Reference.SignWithOpsBotAsync(v);

        Assert.Equal(SigV4Reference.SignedHeadersOf(v.CanonicalRequest), signedHeaders);
        Assert.Equal(v.ExpectedSignature, signature);
    }

    [Theory]
    [MemberData(nameof(BodyUnsigned))]
    public async Task A_body_unsigned_case_matches_its_canonical_request_with_the_payload_hash_header_added(string name)
    {
        var v = SigV4Vector.Load(name);
        var canonical = SigV4Reference.ForOpsBot(v);

        var (signature, signedHeaders, _) = await SigV4Reference.SignWithOpsBotAsync(v);

        Assert.Equal(SigV4Reference.SignedHeadersOf(canonical), signedHeaders);
        Assert.True(SigV4Reference.Sign(v, canonical) == signature,
            $"AwsSigner's signature {signature} is not that of the expected canonical request:\n{canonical}");
    }

    [Theory]
    [MemberData(nameof(Diverging))]
    public async Task A_known_divergence_of_AWSSDK_Core_from_the_suite_is_pinned_to_what_it_signs(string name, string reason)
    {
        var v = SigV4Vector.Load(name);
        var (_, path, query) = Divergences[name];
        output.WriteLine($"{name}: {reason}");

        var (signature, _, _) = await SigV4Reference.SignWithOpsBotAsync(v);

        Assert.NotEqual(SigV4Reference.Sign(v, SigV4Reference.ForOpsBot(v)), signature);
        Assert.Equal(SigV4Reference.Sign(v, SigV4Reference.ForOpsBot(v, path, query)), signature);
    }

    [Theory]
    [MemberData(nameof(Skipped))]
    public void A_case_OpsBot_cannot_reproduce_is_skipped_for_a_stated_reason(string name, string reason)
    {
        output.WriteLine($"{name}: skipped: {reason}");
        Assert.Equal(reason, SigV4Vector.Load(name).UnsupportedReason);
    }

    [Fact]
    public void The_suite_is_all_there_and_two_of_its_38_cases_are_reproducible()
    {
        var all = SigV4Vector.All().ToList();

        Assert.Equal(38, all.Count);
        Assert.Equal(["post-x-www-form-urlencoded", "post-x-www-form-urlencoded-parameters"],
            all.Where(v => v.UnsupportedReason is null).Select(v => v.Name));
        Assert.Equal("d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b",
            SigV4Vector.Load("post-x-www-form-urlencoded").ExpectedSignature);
    }

    [Fact]
    public void The_parser_keeps_folded_and_repeated_headers()
    {
        Assert.Equal("value1\n  value2\n     value3", SigV4Vector.Load("get-header-value-multiline").Request.Header("My-Header1"));
        Assert.Equal("value2,value2,value1", SigV4Vector.Load("get-header-key-duplicate").Request.Header("My-Header1"));
        var utf8 = SigV4Vector.Load("get-utf8").Request;
        Assert.Equal(("GET", "/\u1234"), (utf8.Method, utf8.Target));
        var space = SigV4Vector.Load("get-space-normalized").Request;
        Assert.Equal("/example space/", space.Path);
    }

    private static TheoryData<string> Data(Func<SigV4Vector, bool> predicate)
    {
        var data = new TheoryData<string>();
        foreach (var v in SigV4Vector.All().Where(predicate))
            data.Add(v.Name);
        return data;
    }
}
