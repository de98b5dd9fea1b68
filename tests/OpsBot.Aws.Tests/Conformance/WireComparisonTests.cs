using System.Text;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary><see cref="WireComparison"/> fails on what AWS would read differently and only notes what it would not.</summary>
public sealed class WireComparisonTests
{
    private static CapturedRequest Request(string path = "/", string query = "", string? body = null, params (string Name, string Value)[] headers) => new()
    {
        Method = "POST",
        Path = path,
        Query = query,
        Headers = headers.ToDictionary(h => h.Name.ToLowerInvariant(), h => h.Value),
        BodyBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(body ?? "")),
    };

    private static (List<string> Failures, List<string> Notes) Compare(CapturedRequest sdk, CapturedRequest opsBot, WireOptions? options = null) =>
        WireComparison.Compare(sdk, opsBot, options ?? new WireOptions());

    [Fact]
    public void Json_bodies_are_compared_as_data()
    {
        var sdk = Request(body: """{"a":1,"b":[true,"x"]}""", headers: ("Content-Type", "application/x-amz-json-1.1"));

        Assert.Empty(Compare(sdk, Request(body: """{ "b": [true, "x"], "a": 1 }""", headers: ("content-type", "application/x-amz-json-1.1"))).Failures);
        Assert.Single(Compare(sdk, Request(body: """{"a":2,"b":[true,"x"]}""", headers: ("content-type", "application/x-amz-json-1.1"))).Failures);
        Assert.Single(Compare(sdk, Request(body: """{"a":1,"b":["x",true]}""", headers: ("content-type", "application/x-amz-json-1.1"))).Failures);
    }

    [Fact]
    public void Form_bodies_are_compared_as_multisets_of_decoded_pairs()
    {
        var sdk = Request(body: "Action=Publish&Message=a%20b%2Bc&Version=2010-03-31", headers: ("Content-Type", "application/x-www-form-urlencoded"));

        Assert.Empty(Compare(sdk, Request(body: "Version=2010-03-31&Message=a+b%2bc&Action=Publish", headers: ("Content-Type", "application/x-www-form-urlencoded"))).Failures);
        Assert.Single(Compare(sdk, Request(body: "Version=2010-03-31&Message=a+b+c&Action=Publish", headers: ("Content-Type", "application/x-www-form-urlencoded"))).Failures);
    }

    [Fact]
    public void A_path_encoded_differently_is_a_note_and_a_different_path_a_failure()
    {
        var sdk = Request(path: "/functions/arn%3Aaws%3Alambda/aliases/live");

        var (failures, notes) = Compare(sdk, Request(path: "/functions/arn:aws:lambda/aliases/live"));
        Assert.Empty(failures);
        Assert.Contains(notes, n => n.StartsWith("path encoded differently", StringComparison.Ordinal));
        Assert.Single(Compare(sdk, Request(path: "/functions/arn%3Aaws%3Alambda/aliases/other")).Failures);
    }

    [Fact]
    public void The_query_is_a_multiset_of_decoded_pairs()
    {
        var sdk = Request(query: "Marker=a%20b&MaxItems=5");

        Assert.Empty(Compare(sdk, Request(query: "MaxItems=5&Marker=a%20b")).Failures);
        Assert.Single(Compare(sdk, Request(query: "MaxItems=5&Marker=a+b")).Failures); // '+' is not a space in a query
        Assert.Single(Compare(sdk, Request(query: "MaxItems=5")).Failures);
    }

    [Fact]
    public void Target_query_mode_content_type_and_named_headers_are_compared()
    {
        var sdk = Request(headers: [("X-Amz-Target", "Svc.Op"), ("x-amzn-query-mode", "true"), ("Content-Type", "application/x-amz-json-1.0"), ("Latest-Version-Number", "3")]);

        Assert.Empty(Compare(sdk, Request(headers: [("x-amz-target", "Svc.Op"), ("X-Amzn-Query-Mode", "true"), ("content-type", "APPLICATION/X-AMZ-JSON-1.0"), ("latest-version-number", "3")]),
            new WireOptions("Latest-Version-Number")).Failures);
        Assert.Equal(4, Compare(sdk, Request(headers: [("X-Amz-Target", "Svc.Other"), ("Content-Type", "application/x-amz-json-1.1"), ("Latest-Version-Number", "4")]),
            new WireOptions("Latest-Version-Number")).Failures.Count);
    }

    [Fact]
    public void A_charset_one_side_leaves_out_fails_unless_accepted()
    {
        var sdk = Request(headers: ("Content-Type", "application/x-www-form-urlencoded"));
        var opsBot = Request(headers: ("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"));

        Assert.Single(Compare(sdk, opsBot).Failures);
        var (failures, notes) = Compare(sdk, opsBot, new WireOptions { IgnoreCharset = true });
        Assert.Empty(failures);
        Assert.Single(notes);
    }
}
