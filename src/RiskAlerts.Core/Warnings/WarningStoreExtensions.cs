namespace RiskAlerts.Core.Warnings;

/// <summary>Reads over <see cref="IWarningStore"/> that several use cases share.</summary>
public static class WarningStoreExtensions
{
    /// <summary>
    /// Every warning accepted since <paramref name="since"/> (of one submitter when
    /// <paramref name="submittedBy"/> is given), oldest first, following continuation tokens until
    /// the end or until at least <paramref name="max"/> are read.
    /// </summary>
    public static async Task<List<Warning>> ListAcceptedSinceAsync(this IWarningStore store, DateTimeOffset since, string? submittedBy, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var found = new List<Warning>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(new WarningQuery { AcceptedFrom = since, SubmittedBy = submittedBy, PageSize = 200, ContinuationToken = token }, cancellationToken);
            found.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null && found.Count < max);

        return found;
    }
}
