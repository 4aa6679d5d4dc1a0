using Amqp;
using Amqp.Framing;
using RiskAlerts.LocalServiceBus.Amqp;

namespace RiskAlerts.LocalServiceBus.Tests;

/// <summary>
/// How the broker reads what AMQPNetLite reports for a message still unsettled when its link or
/// connection goes: <c>released</c> on a clean close, <c>rejected</c> with the transport's error
/// when the connection breaks. Neither is the receiver's decision; only the client's own
/// dead-letter (a rejection with <c>com.microsoft:dead-letter</c>) moves a message to the
/// dead-letter sub-queue.
/// </summary>
public sealed class DepartureTests
{
    [Fact]
    public void AMessageRejectedWithTheErrorOfABrokenConnectionLeftWithItsLink() =>
        Assert.True(DeliveryLinkEndpoint.IsDeparture(new Rejected { Error = new Error(ErrorCode.ConnectionForced) { Description = "Connection reset by peer" } }, linkGone: false));

    [Fact]
    public void AMessageRejectedWithoutAnErrorLeftWithItsLink() =>
        Assert.True(DeliveryLinkEndpoint.IsDeparture(new Rejected(), linkGone: true));

    [Fact]
    public void AMessageTheClientDeadLettersDidNotLeaveWithItsLink() =>
        Assert.False(DeliveryLinkEndpoint.IsDeparture(new Rejected { Error = new Error("com.microsoft:dead-letter") }, linkGone: false));

    [Fact]
    public void AMessageReleasedOnAClosedLinkLeftWithIt() =>
        Assert.True(DeliveryLinkEndpoint.IsDeparture(new Released(), linkGone: true));

    [Fact]
    public void AMessageTheClientReleasesOnAnOpenLinkIsGivenBackWithoutLeaving() =>
        Assert.False(DeliveryLinkEndpoint.IsDeparture(new Released(), linkGone: false));

    [Fact]
    public void ACompletedOrAbandonedMessageDidNotLeaveWithItsLink()
    {
        Assert.False(DeliveryLinkEndpoint.IsDeparture(new Accepted(), linkGone: true));
        Assert.False(DeliveryLinkEndpoint.IsDeparture(new Modified { DeliveryFailed = true }, linkGone: true));
    }
}
