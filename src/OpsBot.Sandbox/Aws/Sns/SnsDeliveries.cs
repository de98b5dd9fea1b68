using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// Delivers the world's messages to HTTP/HTTPS endpoints as SNS does, on a queue of its own so that no publisher (the
/// clockwork's alarm actions above all) ever waits for an endpoint: a POST of the signed JSON body
/// (<see cref="SnsMessageBody"/>) as <c>text/plain; charset=UTF-8</c> with the <c>x-amz-sns-message-type</c>,
/// <c>-message-id</c>, <c>-topic-arn</c> and (but on a SubscriptionConfirmation) <c>-subscription-arn</c> headers,
/// retried per <see cref="SnsDeliveryPolicy"/>, a few at a time. Each delivery is kept in <see cref="SnsDeliveryLog"/>.
/// </summary>
internal sealed class SnsDeliveries : BackgroundService
{
    private const int InFlight = 8;

    private readonly Channel<(SnsMessage Message, LinkedListNode<SnsDelivery> Entry)> _queue =
        Channel.CreateUnbounded<(SnsMessage, LinkedListNode<SnsDelivery>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly SnsPublicHost _host;
    private readonly SnsDeliveryLog _log;
    private readonly SnsDeliveryPolicy _policy;
    private readonly ILogger<SnsDeliveries> _logger;

    public SnsDeliveries(SnsPublicHost host, SnsDeliveryLog log, IOptions<AwsEmulatorOptions> options, ILogger<SnsDeliveries> logger)
    {
        (_host, _log, _policy, _logger) = (host, log, options.Value.SnsDelivery, logger);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Amazon Simple Notification Service Agent");
    }

    /// <summary>Queues <paramref name="messages"/>; returns at once.</summary>
    public void EnqueueAll(IEnumerable<SnsMessage> messages)
    {
        foreach (var message in messages)
        {
            var entry = _log.Add(message);
            if (!_queue.Writer.TryWrite((message, entry)))
                _log.Update(entry, d => d with { Status = "failed", Error = "the sandbox is stopping" });
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(InFlight);
        var running = new List<Task>();
        try
        {
            await foreach (var (message, entry) in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await DeliverAsync(message, entry, stoppingToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the deliveries under way see the same token.
        }
        await Task.WhenAll(running);
    }

    private async Task DeliverAsync(SnsMessage message, LinkedListNode<SnsDelivery> entry, CancellationToken cancellationToken)
    {
        try
        {
            await _host.StartAsync(cancellationToken);
            var body = SnsMessageBody.Of(message, _host);
            for (var attempt = 1; ; attempt++)
            {
                var (status, error) = await AttemptAsync(message, body, cancellationToken);
                var outcome = status switch
                {
                    >= 200 and < 300 => "delivered",
                    >= 400 and < 500 => "dropped",
                    _ when attempt > _policy.Retries => "failed",
                    _ => "retrying",
                };
                _log.Update(entry, d => d with { Status = outcome, Attempts = attempt, HttpStatus = status, Error = error });
                if (outcome == "retrying")
                {
                    await Task.Delay(_policy.DelayBefore(attempt), TimeProvider.System, cancellationToken);
                    continue;
                }
                if (outcome != "delivered")
                {
                    _logger.LogWarning("SNS {Type} {MessageId} to {Endpoint} {Outcome} after {Attempts} attempt(s): {Status} {Error}",
                        message.Type, message.MessageId, message.Endpoint, outcome, attempt, status, error);
                }
                return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _log.Update(entry, d => d with { Status = "failed", Error = "the sandbox stopped" });
        }
        catch (Exception e)
        {
            _log.Update(entry, d => d with { Status = "failed", Error = e.Message });
            _logger.LogError(e, "SNS {Type} {MessageId} to {Endpoint} failed", message.Type, message.MessageId, message.Endpoint);
        }
    }

    /// <summary>One POST: the status it got, or why it got none (a timeout, a refused connection).</summary>
    private async Task<(int? Status, string? Error)> AttemptAsync(SnsMessage message, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Endpoint) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain; charset=UTF-8");
        request.Headers.TryAddWithoutValidation("x-amz-sns-message-type", message.Type);
        request.Headers.TryAddWithoutValidation("x-amz-sns-message-id", message.MessageId);
        request.Headers.TryAddWithoutValidation("x-amz-sns-topic-arn", message.TopicArn);
        if (message.Type != SnsMessage.SubscriptionConfirmation)
            request.Headers.TryAddWithoutValidation("x-amz-sns-subscription-arn", message.SubscriptionArn);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_policy.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return ((int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {_policy.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
    }
}
