namespace OpsBot.Aws.AppConfig;

/// <summary>Follows <c>NextToken</c> through every page of a list operation.</summary>
internal static class AppConfigPages
{
    public static async Task<IReadOnlyList<T>> AllAsync<T>(Func<string?, Task<IAppConfigPage<T>>> page)
    {
        var items = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var result = await page(token);
            items.AddRange(result.Items ?? []);
            token = string.IsNullOrEmpty(result.NextToken) ? null : result.NextToken;
            // A token that comes back again would page forever (botocore stops on it too).
            if (token is not null && !seen.Add(token))
                throw new InvalidOperationException($"AppConfig returned the page token '{token}' twice; stopping rather than paging forever.");
        }
        while (token is not null);
        return items;
    }
}
