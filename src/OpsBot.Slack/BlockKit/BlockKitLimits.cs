namespace OpsBot.Slack.BlockKit;

/// <summary>
/// Slack's Block Kit limits (docs.slack.dev block and composition-object references), and the budgets OpsBot keeps
/// below them so that a whole card stays well under the size at which Slack answers <c>msg_blocks_too_long</c>.
/// </summary>
internal static class BlockKitLimits
{
    public const int Blocks = 50;
    public const int SectionText = 3000;
    public const int SectionFields = 10;
    public const int FieldText = 2000;
    public const int HeaderText = 150;
    public const int ActionsElements = 25;
    public const int ContextElements = 10;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int ActionId = 255;
    public const int BlockId = 255;
    public const int ConfirmTitle = 100;
    public const int ConfirmText = 300;
    public const int ConfirmButton = 30;

    /// <summary>Notification text of a message (<c>text</c> beside <c>blocks</c>); Slack truncates at 40,000.</summary>
    public const int MessageText = 3000;

    /// <summary>Budgets per part of a card: together well under ~12,000 characters.</summary>
    public const int HeadlineBudget = 1500;
    public const int FieldBudget = 400;
    public const int NotesBudget = 1200;
    public const int NoteLine = 400;
    public const int ProgressBudget = 1500;
    public const int ChecksBudget = 4400;
    public const int CheckLine = 600;
    public const int ContextBudget = 300;

    /// <summary>A flag card's list of flags (old → new).</summary>
    public const int FlagsBudget = 2500;

    /// <summary>A health card's functions together, its environment and its errors (with the title and verdict: under ~12,000).</summary>
    public const int HealthFunctionsBudget = 6500;
    public const int HealthEnvironmentBudget = 1500;
    public const int HealthErrorsBudget = 2500;

    /// <summary>The requester's reason: 500 characters (the grammar's cap) and room for escaping.</summary>
    public const int ReasonBudget = 600;
}
