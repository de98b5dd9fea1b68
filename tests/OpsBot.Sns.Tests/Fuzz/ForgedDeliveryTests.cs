using System.Net;
using OpsBot.Sns.Tests.Support;
using Xunit.Abstractions;

namespace OpsBot.Sns.Tests.Fuzz;

public sealed class ForgedDeliveryTests(ITestOutputHelper output)
{
    /// <summary>
    /// Through the endpoint's handler with the host's services (the HTTP pipeline around it is covered by the endpoint
    /// tests), with one cached certificate and Node run once.
    /// </summary>
    [Fact]
    public async Task Ten_thousand_forged_deliveries_are_refused_and_none_reaches_the_intake_or_confirms()
    {
        await using var host = await SnsTestHost.StartAsync();
        var genuine = await NodeSigner.SignAsync(TestSigningKey.Sns,
            SnsMessages.Alarm(version: "1"), SnsMessages.Alarm(version: "2", message: CloudWatchSamples.MetricMathAlarm), SnsMessages.SubscriptionConfirmation());
        // The genuine ones go first: a mutation that leaves every signed field as it was is a replay, answered as a duplicate.
        foreach (var message in genuine)
            Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(message)).StatusCode);
        Assert.Equal(2, host.Intake.Calls);
        Assert.Single(host.Web.Confirmations);

        var mutator = new DeliveryMutator(20261203, genuine);
        var answers = new Dictionary<int, int>();
        for (var i = 0; i < 10_000; i++)
        {
            var body = mutator.Next();
            var (status, text) = await host.HandleAsync(body);
            answers[status] = answers.GetValueOrDefault(status) + 1;
            if (status == 200)
                Assert.Equal("duplicate", text);
            else
                Assert.True(status is 400 or 401 or 403 or 503, $"seed {mutator.Seed}, delivery {i}: {status} for {body}");
        }

        output.WriteLine(string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}")));
        Assert.Equal(2, host.Intake.Calls);
        Assert.Single(host.Web.Confirmations);
        Assert.True(answers.GetValueOrDefault(401) > 5_000, "most forgeries reach the signature check");
        Assert.True(host.Certificates.Fetches <= 1 + 100, $"{host.Certificates.Fetches} certificate fetches");
    }
}
