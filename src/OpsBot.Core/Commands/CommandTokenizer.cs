namespace OpsBot.Core.Commands;

/// <summary>
/// Splits command text into words: whitespace separates, "double", 'single' and chat clients' “curly” quotes group,
/// a backslash escapes the next character inside quotes. An unterminated quote is an error, not a guess.
/// </summary>
public static class CommandTokenizer
{
    public const int MaxLength = 4000;

    public static (IReadOnlyList<string>? Words, string? Error) Split(string? text)
    {
        // Nothing a person types may pass for one of Core's references to a person or a channel.
        text = Identity.ChatRefs.Clean(text) ?? "";
        if (text.Length > MaxLength)
            return (null, $"That command is {text.Length} characters long; the most is {MaxLength}.");
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var inWord = false;
        char? closing = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (closing is { } close)
            {
                if (c == '\\' && i + 1 < text.Length && (text[i + 1] == close || text[i + 1] == '\\'))
                    current.Append(text[++i]);
                else if (c == close)
                    closing = null;
                else
                    current.Append(c);
                continue;
            }
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            closing = c switch
            {
                '"' => '"',
                '\'' => '\'',
                '“' => '”',
                '‘' => '’',
                '„' => '“',
                _ => null,
            };
            if (closing is null)
                current.Append(c);
        }
        if (closing is not null)
            return (null, "A quote is not closed; put the reason in \"double quotes\".");
        if (inWord)
            words.Add(current.ToString());
        return (words, null);
    }
}
