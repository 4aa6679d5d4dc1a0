using Azure.Messaging.ServiceBus;

namespace RiskAlerts.IntegrationTests.Fixtures;

/// <summary>Looks at what waits in a queue without taking it, through the official client.</summary>
public static class QueueProbe
{
    public static async Task<IReadOnlyList<ServiceBusReceivedMessage>> PeekAllAsync(ServiceBusClient client, string queueName)
    {
        await using var receiver = client.CreateReceiver(queueName);
        var all = new List<ServiceBusReceivedMessage>();
        long fromSequence = 0;
        while (true)
        {
            var page = await receiver.PeekMessagesAsync(250, fromSequence);
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
            fromSequence = page[^1].SequenceNumber + 1;
        }
    }
}
