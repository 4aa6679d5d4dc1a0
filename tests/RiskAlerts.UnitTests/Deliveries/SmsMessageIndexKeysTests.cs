using RiskAlerts.Core.Deliveries.Receipts;

namespace RiskAlerts.UnitTests.Deliveries;

public sealed class SmsMessageIndexKeysTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AReceiptAtChinaMorningIsLookedForOnThePreviousUtcDayFirst()
    {
        // 07:30 in China is 23:30 UTC the day before.
        var days = SmsMessageIndexKeys.CandidateSendDays(new DateTimeOffset(2026, 12, 3, 7, 30, 0, China), Now);

        Assert.Equal([new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 1)], days);
    }

    [Fact]
    public void AReceiptAtChinaAfternoonIsLookedForOnTheSameUtcDayThenTheDayBefore()
    {
        var days = SmsMessageIndexKeys.CandidateSendDays(new DateTimeOffset(2026, 12, 3, 16, 0, 0, China), Now);

        Assert.Equal([new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 2)], days);
    }

    [Fact]
    public void AReceiptWithoutATimeIsLookedForAroundNow()
    {
        var days = SmsMessageIndexKeys.CandidateSendDays(DateTimeOffset.MinValue, Now);

        Assert.Equal([new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 2)], days);
    }

    [Fact]
    public void ThePartitionNamesTheUtcDayOfTheSendAndTheShard()
    {
        var day = SmsMessageIndexKeys.SendDayOf(new DateTimeOffset(2026, 12, 3, 7, 30, 0, China));

        Assert.Equal("smsid_20261202_07", SmsMessageIndexKeys.PartitionKey(day, 7));
    }

    [Fact]
    public void AMessageIdWithCharactersTableKeysRefuseBecomesAUsableRowKey()
    {
        Assert.Equal("2019~3A71~2F5", SmsMessageIndexKeys.RowKey("2019:71/5"));
    }
}
