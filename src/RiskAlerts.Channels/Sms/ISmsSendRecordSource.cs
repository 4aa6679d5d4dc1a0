using RiskAlerts.Core.Deliveries.Sms;

namespace RiskAlerts.Channels.Sms;

/// <summary>A provider that keeps send records one can ask, per number and day (Aliyun <c>QuerySendDetails</c>).</summary>
public interface ISmsSendRecordSource
{
    /// <summary>
    /// The provider's record of a message to <paramref name="phoneE164"/> on <paramref name="chinaDay"/>
    /// whose request reference (Aliyun <c>OutId</c>) <paramref name="sentFor"/> accepts: the best-settled one
    /// when several match, <see cref="SmsSendRecordState.NotFound"/> when none does, null when the provider
    /// could not be asked.
    /// </summary>
    Task<SmsSendRecord?> FindSendRecordAsync(string phoneE164, DateOnly chinaDay, Func<string, bool> sentFor, CancellationToken cancellationToken = default);
}

/// <summary>
/// The send records of every configured provider that keeps them: a message counts as found when any of
/// them has it (with failover, either may have sent it), and as not found only when all of them could
/// be asked and none has it.
/// </summary>
public sealed class ProviderSendRecords(IEnumerable<ISmsSendRecordSource> sources) : ISmsSendRecords
{
    private readonly List<ISmsSendRecordSource> _sources = [.. sources];

    /// <inheritdoc />
    public async Task<SmsSendRecord?> FindAsync(string phoneE164, DateTimeOffset sentAt, Func<string, bool> sentFor, CancellationToken cancellationToken = default)
    {
        if (_sources.Count == 0)
        {
            return null;
        }

        // A request sent just after midnight may be filed under the day before, and the other way round.
        var day = Core.ChinaStandardTime.DayOf(sentAt);
        var days = new[] { day, day.AddDays(-1) };
        SmsSendRecord? notFound = null;
        foreach (var source in _sources)
        {
            foreach (var when in days)
            {
                var record = await source.FindSendRecordAsync(phoneE164, when, sentFor, cancellationToken);
                if (record is null)
                {
                    return null;
                }

                if (record.State != SmsSendRecordState.NotFound)
                {
                    return record;
                }

                notFound = record;
            }
        }

        return notFound;
    }
}
