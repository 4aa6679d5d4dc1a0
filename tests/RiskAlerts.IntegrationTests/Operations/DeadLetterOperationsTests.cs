using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Operations;

[Collection(LocalStackCollection.Name)]
public sealed class DeadLetterOperationsTests(LocalStackFixture stack) : IDisposable
{
    private readonly HttpClient _operator = stack.ClientFor(Role.Operator, name: "operator-chen");

    [Fact]
    public async Task OperatorSeesTheDeadLetterWithItsReasonAndPersonalDataMasked()
    {
        var (messageId, sequence) = await DeadLetterAsync("{\"recipients\":[{\"address\":\"+8613812345678\"}]}");

        var list = await JsonAsync(await _operator.GetAsync("/api/operations/deadletters/sms?max=200", TestContext.Current.CancellationToken));
        var letter = Assert.Single(list.GetProperty("items").EnumerateArray(), l => l.GetProperty("messageId").GetString() == messageId);
        Assert.False(string.IsNullOrEmpty(letter.GetProperty("reason").GetString()));
        Assert.DoesNotContain("13812345678", letter.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("+86 138****5678", letter.GetProperty("body").GetString(), StringComparison.Ordinal);

        var one = await _operator.GetAsync($"/api/operations/deadletters/sms/{sequence}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(messageId, (await JsonAsync(one)).GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task ReplayRemovesTheDeadLetterRepublishesItOnceAndASecondReplayFindsNothing()
    {
        var (messageId, sequence) = await DeadLetterAsync("{}");

        var first = await _operator.PostAsync($"/api/operations/deadletters/sms/{sequence}/replay", null, TestContext.Current.CancellationToken);
        var second = await _operator.PostAsync($"/api/operations/deadletters/sms/{sequence}/replay", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await ProblemAssertions.AssertProblemAsync(second, HttpStatusCode.NotFound);
        var stillThere = await _operator.GetAsync($"/api/operations/deadletters/sms/{sequence}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, stillThere.StatusCode);

        // The copy went back to the sms subscription: it waits there, or a consumer dead-lettered it again under its new id.
        var replayedId = $"{messageId}:replay:{sequence}";
        Assert.True(await ExistsAsync(replayedId), $"replayed copy {replayedId} not found");
    }

    [Fact]
    public async Task ReplayAllEmptiesTheDeadLetterQueueAndRepublishesEachLetter()
    {
        var first = await DeadLetterAsync("{}");
        var second = await DeadLetterAsync("{}");

        var response = await _operator.PostAsync("/api/operations/deadletters/sms/replay", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("handled").GetInt32() >= 2);
        foreach (var (messageId, sequence) in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await _operator.GetAsync($"/api/operations/deadletters/sms/{sequence}", TestContext.Current.CancellationToken)).StatusCode);
            Assert.True(await ExistsAsync($"{messageId}:replay:{sequence}"), $"replayed copy of {messageId} not found");
        }
    }

    [Fact]
    public async Task DiscardNeedsAReasonAndThenRemovesTheDeadLetter()
    {
        var (_, sequence) = await DeadLetterAsync("{}");

        var withoutReason = await _operator.PostAsJsonAsync($"/api/operations/deadletters/sms/{sequence}/discard", new { }, TestContext.Current.CancellationToken);
        var discarded = await _operator.PostAsJsonAsync($"/api/operations/deadletters/sms/{sequence}/discard", new { reason = "测试数据" }, TestContext.Current.CancellationToken);

        Assert.Contains("reason", ProblemAssertions.ErrorFields(await ProblemAssertions.AssertProblemAsync(withoutReason, HttpStatusCode.BadRequest)));
        Assert.Equal(HttpStatusCode.OK, discarded.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.GetAsync($"/api/operations/deadletters/sms/{sequence}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task UnknownEntityIsRefusedNamingIt()
    {
        var response = await _operator.GetAsync("/api/operations/deadletters/fax", TestContext.Current.CancellationToken);

        Assert.Contains("entity", ProblemAssertions.ErrorFields(await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    public void Dispose() => _operator.Dispose();

    /// <summary>
    /// Puts a message in the sms subscription's dead-letter queue: the running sender dead-letters a
    /// body it cannot read; where no sender runs, the test dead-letters it itself.
    /// </summary>
    private async Task<(string MessageId, long SequenceNumber)> DeadLetterAsync(string body)
    {
        var messageId = "test-" + Guid.NewGuid().ToString("N");
        await using (var sender = stack.ServiceBus.CreateSender("deliveries"))
        {
            await sender.SendMessageAsync(new ServiceBusMessage(body) { MessageId = messageId, ApplicationProperties = { ["channel"] = "sms" } }, TestContext.Current.CancellationToken);
        }

        await using var deadLetters = stack.ServiceBus.CreateReceiver("deliveries", "sms", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await using var active = stack.ServiceBus.CreateReceiver("deliveries", "sms");
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var found = (await PeekAllAsync(deadLetters)).FirstOrDefault(m => m.MessageId == messageId);
            if (found is not null)
            {
                return (messageId, found.SequenceNumber);
            }

            var mine = (await active.ReceiveMessagesAsync(50, TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken)).ToList();
            foreach (var message in mine)
            {
                if (message.MessageId == messageId)
                {
                    await active.DeadLetterMessageAsync(message, "TestDeadLetter", "Dead-lettered by the test.", TestContext.Current.CancellationToken);
                }
                else
                {
                    await active.AbandonMessageAsync(message, cancellationToken: TestContext.Current.CancellationToken);
                }
            }
        }

        throw new TimeoutException($"Message {messageId} never reached the dead-letter queue.");
    }

    private async Task<bool> ExistsAsync(string messageId)
    {
        await using var deadLetters = stack.ServiceBus.CreateReceiver("deliveries", "sms", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await using var active = stack.ServiceBus.CreateReceiver("deliveries", "sms");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if ((await PeekAllAsync(deadLetters)).Concat(await PeekAllAsync(active)).Any(m => m.MessageId == messageId))
            {
                return true;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        return false;
    }

    private static async Task<IReadOnlyList<ServiceBusReceivedMessage>> PeekAllAsync(ServiceBusReceiver receiver)
    {
        var all = new List<ServiceBusReceivedMessage>();
        long from = 0;
        while (true)
        {
            var page = await receiver.PeekMessagesAsync(250, from, TestContext.Current.CancellationToken);
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
            from = page[^1].SequenceNumber + 1;
        }
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
}
