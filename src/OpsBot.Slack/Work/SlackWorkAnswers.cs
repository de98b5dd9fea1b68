using Microsoft.Extensions.Logging;
using OpsBot.Core.Deployments;
using OpsBot.Slack.BlockKit;

namespace OpsBot.Slack.Work;

/// <summary>
/// Tells a person that OpsBot did not do what they asked: it was busy (the lane was full), it was shutting down when
/// the request came, or it restarted before the request was worked on. A click's acknowledgement cannot carry a
/// message (Slack ignores its body), so a click is answered through its response_url, else chat.postEphemeral, in
/// the background; shutdown waits for the answers still in flight. A mention gets no answer, only a log line.
/// </summary>
internal sealed class SlackWorkAnswers(SlackResponder responder, ILogger<SlackWorkAnswers> logger) : IDisposable
{
    public const string Busy = ":warning: OpsBot is busy; try again in a moment.";

    public const string Restarting = ":warning: OpsBot is restarting and did nothing with that; try again in a minute.";

    /// <summary>Background answers at once, at most; past this a flood of refused clicks is only logged.</summary>
    private const int MaxInFlight = 64;

    private readonly HashSet<Task> _inFlight = [];
    private readonly CancellationTokenSource _abort = new();

    public static string Restarted(SlackWork work) => work switch
    {
        CommandWork c => $":warning: OpsBot restarted; please repeat `{SlackText.Mrkdwn($"{c.Command.Command} {c.Command.Text}".Trim(), 200)}`.",
        ClickWork c => $":warning: OpsBot restarted; please repeat your click ({c.Click.Describe()}).",
        _ => ":warning: OpsBot restarted; please repeat.",
    };

    /// <summary>Starts answering <paramref name="work"/> with <paramref name="text"/> and returns at once.</summary>
    public void AnswerLater(SlackWork work, string text)
    {
        lock (_inFlight)
        {
            if (_inFlight.Count >= MaxInFlight)
            {
                logger.LogWarning("{Count} answers already in flight; {Work} gets none: {Text}", _inFlight.Count, Describe(work), text);
                return;
            }
            var answer = Task.Run(() => AnswerAsync(work, text, _abort.Token), CancellationToken.None);
            _inFlight.Add(answer);
            answer.ContinueWith(done =>
            {
                lock (_inFlight)
                    _inFlight.Remove(done);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Answers <paramref name="work"/> with <paramref name="text"/>; a failure is logged, never thrown.</summary>
    public async Task AnswerAsync(SlackWork work, string text, CancellationToken cancellationToken)
    {
        try
        {
            switch (work)
            {
                case CommandWork { Command: var c }:
                    await responder.ReplyAsync(c.ResponseUrl, c.ChannelId, c.UserId, text, cancellationToken);
                    break;
                case ClickWork { Click: var c }:
                    await responder.ReplyAsync(c.ResponseUrl, c.ChannelId, c.UserId, text, cancellationToken);
                    break;
                default:
                    logger.LogWarning("Dropped {Work} unanswered: {Text}", Describe(work), text);
                    break;
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not tell the person behind {Work}: {Text}", Describe(work), text);
        }
    }

    /// <summary>Waits for the background answers in flight; when <paramref name="cancellationToken"/> fires first, gives them up.</summary>
    public async Task WhenAnsweredAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_inFlight)
            pending = [.. _inFlight];
        try
        {
            await Task.WhenAll(pending).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Gave up {Count} answers still in flight at shutdown", pending.Count(t => !t.IsCompleted));
            await _abort.CancelAsync();
        }
    }

    public void Dispose() => _abort.Dispose();

    public static string Describe(SlackWork work) => work switch
    {
        CommandWork c => $"{c.Command.Command} by {c.Command.UserId}",
        ClickWork c => $"click ({c.Click.Describe()}) by {c.Click.UserId}",
        MentionWork m => $"mention {m.Mention.EventId}",
        _ => work.GetType().Name,
    };
}
