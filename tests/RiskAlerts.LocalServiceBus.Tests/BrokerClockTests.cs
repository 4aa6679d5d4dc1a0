using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;

namespace RiskAlerts.LocalServiceBus.Tests;

/// <summary>Locks and time-to-live follow the injected clock, so hosts and tests can move time by hand.</summary>
public sealed class BrokerClockTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private LocalServiceBusBroker _broker = null!;
    private ServiceBusClient _client = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var topology = BrokerTopology.Parse("""{ "queues": [ { "name": "clocked", "lockDuration": "00:01:00" } ] }""");
        _broker = await LocalServiceBusBroker.StartAsync(topology, timeProvider: _clock, cancellationToken: Cancellation);
        _client = new ServiceBusClient(_broker.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task LockExpiresWhenTheInjectedClockPassesItAndNotBefore()
    {
        await using var sender = _client.CreateSender("clocked");
        await using var receiver = _client.CreateReceiver("clocked");
        await sender.SendMessageAsync(new ServiceBusMessage("held") { MessageId = "held" }, Cancellation);

        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(first);
        // AMQP timestamps carry milliseconds; allow for the rounding on the way.
        Assert.InRange(first.LockedUntil - _clock.GetUtcNow().AddMinutes(1), TimeSpan.FromMilliseconds(-2), TimeSpan.FromMilliseconds(2));
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300), Cancellation));

        _clock.Advance(TimeSpan.FromMinutes(1) + LocalServiceBusBroker.HousekeepingInterval);
        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);

        Assert.NotNull(second);
        Assert.Equal("held", second.MessageId);
        Assert.Equal(2, second.DeliveryCount);
    }

    [Fact]
    public async Task MessageExpiresWhenTheInjectedClockPassesItsTimeToLive()
    {
        await using var sender = _client.CreateSender("clocked");
        await sender.SendMessageAsync(new ServiceBusMessage("short-lived") { TimeToLive = TimeSpan.FromMinutes(5) }, Cancellation);
        Assert.Equal(1, _broker.GetCounts("clocked").Active);

        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, _broker.GetCounts("clocked").Active);

        _clock.Advance(TimeSpan.FromMinutes(1) + LocalServiceBusBroker.HousekeepingInterval);
        Assert.Equal(new EntityCounts(0, 0, 0), _broker.GetCounts("clocked"));
    }
}
