using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;

namespace RiskAlerts.UnitTests.Deliveries;

public sealed class DeliveryStateMachineTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<DeliveryStatus, DeliveryStatus> AllowedMoves => new()
    {
        { DeliveryStatus.Planned, DeliveryStatus.Sent },
        { DeliveryStatus.Planned, DeliveryStatus.Planned },
        { DeliveryStatus.Planned, DeliveryStatus.Failed },
        { DeliveryStatus.Planned, DeliveryStatus.Suppressed },
        { DeliveryStatus.Planned, DeliveryStatus.Expired },
        { DeliveryStatus.Planned, DeliveryStatus.Unknown },

        // Sending is what an earlier version left on rows it claimed one by one: it moves like Planned.
        { DeliveryStatus.Sending, DeliveryStatus.Sent },
        { DeliveryStatus.Sending, DeliveryStatus.Planned },
        { DeliveryStatus.Sending, DeliveryStatus.Failed },
        { DeliveryStatus.Sending, DeliveryStatus.Suppressed },
        { DeliveryStatus.Sending, DeliveryStatus.Expired },
        { DeliveryStatus.Sending, DeliveryStatus.Unknown },

        // A receipt always wins.
        { DeliveryStatus.Sent, DeliveryStatus.Delivered },
        { DeliveryStatus.Sent, DeliveryStatus.Undelivered },
        { DeliveryStatus.Unknown, DeliveryStatus.Delivered },
        { DeliveryStatus.Unknown, DeliveryStatus.Failed },
        { DeliveryStatus.Unknown, DeliveryStatus.Undelivered },
        { DeliveryStatus.Failed, DeliveryStatus.Delivered },
        { DeliveryStatus.Failed, DeliveryStatus.Undelivered },

        // The provider's send records settle an unknown outcome: it took the message, or never saw it.
        { DeliveryStatus.Unknown, DeliveryStatus.Sent },
        { DeliveryStatus.Unknown, DeliveryStatus.Planned },
    };

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public void AllowsTheDesignedMoves(DeliveryStatus from, DeliveryStatus to) => Assert.True(DeliveryStateMachine.CanMove(from, to));

    [Fact]
    public void RefusesEveryOtherMove()
    {
        var allowed = AllowedMoves.Select(row => ((DeliveryStatus)row.Data.Item1, (DeliveryStatus)row.Data.Item2)).ToHashSet();
        foreach (var from in Enum.GetValues<DeliveryStatus>())
        {
            foreach (var to in Enum.GetValues<DeliveryStatus>().Where(to => !allowed.Contains((from, to))))
            {
                Assert.False(DeliveryStateMachine.CanMove(from, to), $"{from} → {to} should be refused");
            }
        }
    }

    [Theory]
    [InlineData(DeliveryStatus.Delivered)]
    [InlineData(DeliveryStatus.Undelivered)]
    [InlineData(DeliveryStatus.Suppressed)]
    [InlineData(DeliveryStatus.Expired)]
    public void TerminalStatusesAllowNoMoveAtAll(DeliveryStatus terminal)
    {
        Assert.True(DeliveryStateMachine.IsTerminal(terminal));
        Assert.All(Enum.GetValues<DeliveryStatus>(), to => Assert.False(DeliveryStateMachine.CanMove(terminal, to)));
    }

    [Fact]
    public void TransientFailureReturnsTheRowToPlannedWithOneMoreAttempt()
    {
        var retried = DeliveryStateMachine.Retry(Row(DeliveryStatus.Planned), At.AddSeconds(1), "503");

        Assert.Equal((DeliveryStatus.Planned, 1, "503", At.AddSeconds(1)), (retried.Status, retried.Attempts, retried.Reason, retried.StatusAt));
    }

    [Fact]
    public void SentRecordsProviderMessageIdAndTime()
    {
        var sent = DeliveryStateMachine.Sent(Row(DeliveryStatus.Planned) with { Reason = "earlier 503" }, At, "primary", "LSG1");

        Assert.Equal((DeliveryStatus.Sent, "primary", "LSG1", At, null), (sent.Status, sent.Provider, sent.ProviderMessageId, sent.SentAt, sent.Reason));
    }

    [Fact]
    public void SecondReceiptForASettledRowIsRefused()
    {
        var delivered = DeliveryStateMachine.Receipt(Row(DeliveryStatus.Sent), delivered: true, At, "DELIVRD");

        var ex = Assert.Throws<InvalidDeliveryTransitionException>(() => DeliveryStateMachine.Receipt(delivered, delivered: false, At, "UNDELIV"));

        Assert.Equal((DeliveryStatus.Delivered, DeliveryStatus.Undelivered), (ex.From, ex.To));
    }

    [Theory]
    [InlineData(DeliveryStatus.Unknown)]
    [InlineData(DeliveryStatus.Failed)]
    public void DeliveredReceiptSettlesARowTheSenderCouldNotAndClearsItsReason(DeliveryStatus status)
    {
        var written = Row(status) with { Reason = "interrupted; outcome unknown until the receipt" };

        var delivered = DeliveryStateMachine.Receipt(written, delivered: true, At, "DELIVRD");

        Assert.Equal((DeliveryStatus.Delivered, null, At), (delivered.Status, delivered.Reason, delivered.SentAt));
    }

    [Fact]
    public void SendingIsNotSettledButSentIs()
    {
        Assert.False(DeliveryStateMachine.IsSettled(DeliveryStatus.Sending));
        Assert.False(DeliveryStateMachine.IsSettled(DeliveryStatus.Planned));
        Assert.True(DeliveryStateMachine.IsSettled(DeliveryStatus.Sent));
        Assert.False(DeliveryStateMachine.IsTerminal(DeliveryStatus.Sent));
    }

    [Fact]
    public void OnlyDeliveriesWhoseRetriesRanOutAreReopenedByAReplayKeepingTheirAttemptCount()
    {
        var exhausted = Row(DeliveryStatus.Failed) with { Reason = "retries exhausted: 503 from every provider", Attempts = 5 };

        var reopened = DeliveryStateMachine.Reopen(exhausted, At);

        Assert.Equal(DeliveryStatus.Planned, reopened.Status);
        Assert.Equal(5, reopened.Attempts);
        Assert.Equal(At, reopened.StatusAt);
        Assert.Contains("retries exhausted", reopened.Reason, StringComparison.Ordinal);
        Assert.False(DeliveryStateMachine.CanReopen(Row(DeliveryStatus.Failed) with { Reason = "BLACKLISTED" }));
        Assert.False(DeliveryStateMachine.CanReopen(Row(DeliveryStatus.Failed) with { Reason = "interrupted; outcome unknown" }));
        Assert.False(DeliveryStateMachine.CanReopen(Row(DeliveryStatus.Sent) with { Reason = "retries exhausted: x" }));
        Assert.Throws<InvalidDeliveryTransitionException>(() => DeliveryStateMachine.Reopen(Row(DeliveryStatus.Delivered), At));
    }

    private static DeliveryRecord Row(DeliveryStatus status) => new()
    {
        PartitionKey = "w_00",
        RowKey = "sms_x_c0",
        WarningId = "w",
        Channel = Channel.Sms,
        Uscc = "x",
        ContactId = "c0",
        Address = "+8613900000000",
        Status = status,
        StatusAt = At.AddMinutes(-1),
    };
}
