using System.Net;
using System.Net.Sockets;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RiskAlerts.LocalServiceBus.Tests;

public sealed class LocalServiceBusBrokerServiceTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HostStartsTheProductTopologyOnTheGivenPortAndStopsIt()
    {
        var port = FreePort();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddLocalServiceBusBroker(port: port);
        using var host = builder.Build();

        await host.StartAsync(Cancellation);
        await using (var client = new ServiceBusClient(LocalServiceBusBroker.ConnectionStringFor(port)))
        {
            await using var sender = client.CreateSender("deliveries");
            await sender.SendMessageAsync(new ServiceBusMessage("batch") { ApplicationProperties = { ["channel"] = "email" } }, Cancellation);
            var broker = host.Services.GetRequiredService<LocalServiceBusBrokerService>().Broker!;
            Assert.Equal(port, broker.Port);
            Assert.Equal(1, broker.GetCounts("deliveries/subscriptions/email").Active);
            Assert.Equal(0, broker.GetCounts("deliveries/subscriptions/sms").Active);
        }

        await host.StopAsync(Cancellation);

        Assert.Null(host.Services.GetRequiredService<LocalServiceBusBrokerService>().Broker);
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(async () => await probe.ConnectAsync(IPAddress.Loopback, port, Cancellation));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
