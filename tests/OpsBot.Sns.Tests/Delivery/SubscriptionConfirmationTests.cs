using System.Net;
using OpsBot.Sns.Tests.Support;

namespace OpsBot.Sns.Tests.Delivery;

public sealed class SubscriptionConfirmationTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task A_signed_SubscriptionConfirmation_GETs_its_SubscribeURL_once_however_often_it_comes(string version)
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.SubscriptionConfirmation(version: version));

        var first = await host.PostAsync(message);
        var again = await host.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var confirmation = Assert.Single(host.Web.Confirmations);
        Assert.Equal(new Uri(SnsMessages.SubscribeUrl), confirmation);
        Assert.Equal(0, host.Intake.Calls);
    }

    [Theory]
    [InlineData("SubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:other&Token=1")]
    [InlineData("Token", "0000")]
    [InlineData("Signature", "AAAA")]
    public async Task A_tampered_SubscriptionConfirmation_is_answered_401_and_confirms_nothing(string field, string value)
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.SubscriptionConfirmation());

        var response = await host.PostAsync(message.With(field, value));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Web.Confirmations);
    }

    [Theory]
    [InlineData("https://evil.example.com/?Action=ConfirmSubscription&Token=1")]
    [InlineData("http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=1")]
    public async Task A_signed_SubscriptionConfirmation_with_a_SubscribeURL_elsewhere_is_answered_401_and_not_followed(string url)
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.SubscriptionConfirmation(subscribeUrl: url));

        var response = await host.PostAsync(message);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Web.Requests);
    }

    [Fact]
    public async Task A_SubscriptionConfirmation_of_an_unknown_topic_is_answered_403_and_not_followed()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.SubscriptionConfirmation(topic: "arn:aws:sns:us-east-1:123456789012:not-ours"));

        var response = await host.PostAsync(message);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(host.Web.Requests);
    }

    [Fact]
    public async Task When_the_confirmation_GET_fails_the_answer_is_500_and_the_resent_confirmation_confirms()
    {
        await using var host = await SnsTestHost.StartAsync();
        var message = await NodeSigner.SignAsync(TestSigningKey.Sns, SnsMessages.SubscriptionConfirmation());
        host.Web.ConfirmStatus = HttpStatusCode.InternalServerError;

        var failed = await host.PostAsync(message);
        host.Web.ConfirmStatus = HttpStatusCode.OK;
        var resent = await host.PostAsync(message);
        var again = await host.PostAsync(message);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, host.Web.Confirmations.Count);
    }
}
