using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;
using RiskAlerts.Channels.Sms;
using RiskAlerts.Channels.Sms.Providers;
using RiskAlerts.Channels.Tests.Support;
using RiskAlerts.Core.Deliveries.Sms;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.LocalChannels.Sms;

namespace RiskAlerts.Channels.Tests.Sms;

public sealed class FailoverSmsSenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task When_the_first_gateway_is_down_the_batch_goes_to_the_second()
    {
        await using var first = await LocalSmsGateway.StartAsync(cancellationToken: Ct);
        await using var second = await LocalSmsGateway.StartAsync(cancellationToken: Ct);
        first.Faults.Down = true;
        var sender = Sender(Route(Generic("first", first)), Route(Generic("second", second)));

        var result = await sender.SendAsync(GenericHttpSmsProviderTests.Batch(3), Ct);

        Assert.Null(result.RequestFailure);
        Assert.All(result.Recipients, r =>
        {
            Assert.Equal("second", r.Provider);
            Assert.IsType<SmsOutcome.Accepted>(r.Outcome);
        });
        Assert.Empty(first.Messages);
        Assert.Equal(3, second.Messages.Count);
    }

    [Fact]
    public async Task When_the_first_gateway_refuses_connections_the_batch_goes_to_the_second()
    {
        await using var second = await LocalSmsGateway.StartAsync(cancellationToken: Ct);
        var closedPort = await ClosedPortAsync();
        var sender = Sender(Route(Generic("first", new Uri($"http://127.0.0.1:{closedPort}/"))), Route(Generic("second", second)));

        var result = await sender.SendAsync(GenericHttpSmsProviderTests.Batch(2), Ct);

        Assert.All(result.Recipients, r => Assert.Equal("second", r.Provider));
        Assert.Equal(2, second.Messages.Count);
    }

    [Fact]
    public async Task A_request_whose_answer_was_lost_is_asked_again_of_the_same_provider_and_nothing_is_sent_twice()
    {
        await using var first = await LocalSmsGateway.StartAsync(cancellationToken: Ct);
        await using var second = await LocalSmsGateway.StartAsync(cancellationToken: Ct);
        first.Faults.LoseNextAnswers(1);
        var sender = new FailoverSmsSender([Route(Generic("first", first)), Route(Generic("second", second))], NullLogger<FailoverSmsSender>.Instance);

        var result = await sender.SendAsync(GenericHttpSmsProviderTests.Batch(3) with { RequestId = "w:w_01:sms:0" }, Ct);

        Assert.All(result.Recipients, r => Assert.Equal(("first", typeof(SmsOutcome.Accepted)), (r.Provider, r.Outcome.GetType())));
        Assert.Equal(3, first.Messages.Count);
        Assert.Equal(3, first.RepeatedAnswers);
        Assert.Equal(first.Messages.Select(m => m.MessageId).Order(), result.Recipients.Select(r => ((SmsOutcome.Accepted)r.Outcome).ProviderMessageId).Order());
        Assert.Empty(second.Messages);
    }

    [Fact]
    public async Task A_paused_provider_is_passed_over_and_the_next_one_takes_the_batch()
    {
        await using var first = await LocalSmsGateway.StartAsync(cancellationToken: Ct);
        await using var second = await LocalSmsGateway.StartAsync(cancellationToken: Ct);
        var sender = new FailoverSmsSender([Route(Generic("first", first)), Route(Generic("second", second))], NullLogger<FailoverSmsSender>.Instance, new PausedProviders("first"));

        var result = await sender.SendAsync(GenericHttpSmsProviderTests.Batch(3), Ct);

        Assert.Null(result.RequestFailure);
        Assert.All(result.Recipients, r => Assert.Equal("second", r.Provider));
        Assert.Empty(first.Messages);
        Assert.Equal(3, second.Messages.Count);
    }

    [Fact]
    public async Task When_every_provider_is_paused_nothing_is_sent_and_no_recipient_counts_an_attempt()
    {
        await using var first = await LocalSmsGateway.StartAsync(cancellationToken: Ct);
        await using var second = await LocalSmsGateway.StartAsync(cancellationToken: Ct);
        var sender = new FailoverSmsSender([Route(Generic("first", first)), Route(Generic("second", second))], NullLogger<FailoverSmsSender>.Instance, new PausedProviders("first", "second"));

        var result = await sender.SendAsync(GenericHttpSmsProviderTests.Batch(2), Ct);

        Assert.All(result.Recipients, r => Assert.Contains("second: paused", Assert.IsType<SmsOutcome.NotAttempted>(r.Outcome).Reason, StringComparison.Ordinal));
        Assert.Empty(first.Messages);
        Assert.Empty(second.Messages);
    }

    [Fact]
    public async Task After_enough_failures_the_circuit_opens_and_the_first_provider_is_no_longer_called()
    {
        var broken = new FakeProvider("first", _ => FakeProvider.Outcome.Unavailable);
        var healthy = new FakeProvider("second", _ => FakeProvider.Outcome.Accept);
        var sender = Sender(Route(broken, minimumThroughput: 3), Route(healthy));

        for (var i = 0; i < 6; i++)
        {
            var result = await sender.SendAsync(GenericHttpSmsProviderTests.Batch(1, offset: i), Ct);
            Assert.Equal("second", Assert.Single(result.Recipients).Provider);
        }

        Assert.Equal(3, broken.Calls);
        Assert.Equal(6, healthy.Calls);
        Assert.Equal(CircuitState.Open, sender.Routes[0].CircuitState);
    }

    [Fact]
    public async Task After_an_outage_of_every_provider_the_open_circuit_lets_a_trial_through_once_its_break_is_over()
    {
        var down = true;
        var only = new FakeProvider("only", _ => down ? FakeProvider.Outcome.Unavailable : FakeProvider.Outcome.Accept);
        var sender = Sender(Route(only, minimumThroughput: 3, breakDuration: TimeSpan.FromMilliseconds(500)));
        for (var i = 0; i < 4; i++)
        {
            await sender.SendAsync(GenericHttpSmsProviderTests.Batch(1, offset: i), Ct);
        }

        Assert.Equal(CircuitState.Open, sender.Routes[0].CircuitState);
        down = false;
        await Task.Delay(TimeSpan.FromMilliseconds(700), Ct);

        var result = await sender.SendAsync(GenericHttpSmsProviderTests.Batch(1, offset: 9), Ct);

        Assert.IsType<SmsOutcome.Accepted>(Assert.Single(result.Recipients).Outcome);
        Assert.Equal(CircuitState.Closed, sender.Routes[0].CircuitState);
    }

    [Fact]
    public async Task When_every_provider_is_down_every_recipient_is_a_transient_failure()
    {
        var sender = Sender(
            Route(new FakeProvider("first", _ => FakeProvider.Outcome.Unavailable)),
            Route(new FakeProvider("second", _ => FakeProvider.Outcome.Throw)));

        var result = await sender.SendAsync(GenericHttpSmsProviderTests.Batch(4), Ct);

        Assert.NotNull(result.RequestFailure);
        Assert.Equal(4, result.Recipients.Count);
        Assert.All(result.Recipients, r =>
        {
            Assert.Equal("second", r.Provider);
            var failure = Assert.IsType<SmsOutcome.TransientFailure>(r.Outcome);
            Assert.Contains("first", failure.Reason, StringComparison.Ordinal);
            Assert.Contains("second", failure.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_provider_that_times_out_is_given_up_on_and_the_next_one_sends()
    {
        var slow = new FakeProvider("slow", _ => FakeProvider.Outcome.Hang);
        var sender = Sender(Route(slow, timeout: TimeSpan.FromMilliseconds(100)), Route(new FakeProvider("fast", _ => FakeProvider.Outcome.Accept)));

        var result = await sender.SendAsync(GenericHttpSmsProviderTests.Batch(2), Ct);

        Assert.All(result.Recipients, r => Assert.Equal("fast", r.Provider));
    }

    [Fact]
    public async Task Answers_per_number_stay_with_the_provider_that_gave_them()
    {
        var first = new FakeProvider("first", r => r.PhoneE164.EndsWith('1') ? FakeProvider.Outcome.Reject : FakeProvider.Outcome.Accept);
        var second = new FakeProvider("second", _ => FakeProvider.Outcome.Accept);
        var sender = Sender(Route(first), Route(second));

        var result = await sender.SendAsync(GenericHttpSmsProviderTests.Batch(3), Ct);

        Assert.IsType<SmsOutcome.Accepted>(result.Recipients[0].Outcome);
        Assert.IsType<SmsOutcome.PermanentFailure>(result.Recipients[1].Outcome);
        Assert.All(result.Recipients, r => Assert.Equal("first", r.Provider));
        Assert.Equal(0, second.Calls);
    }

    [Fact]
    public async Task Splits_the_batch_by_each_providers_request_limit_and_keeps_the_recipients_order()
    {
        var small = new FakeProvider("small", _ => FakeProvider.Outcome.Accept, maxRecipients: 2);
        var sender = Sender(Route(small));
        var batch = GenericHttpSmsProviderTests.Batch(5);

        var result = await sender.SendAsync(batch, Ct);

        Assert.Equal([2, 2, 1], small.BatchSizes);
        Assert.Equal(batch.Recipients.Select(r => r.RecipientId), result.Recipients.Select(r => r.RecipientId));
    }

    private static FailoverSmsSender Sender(params SmsProviderRoute[] routes) => new(routes, NullLogger<FailoverSmsSender>.Instance);

    private static SmsProviderRoute Route(ISmsProvider provider, int minimumThroughput = 5, TimeSpan? timeout = null, TimeSpan? breakDuration = null) => new(
        provider,
        new SmsResilienceOptions
        {
            MinimumThroughput = minimumThroughput,
            FailureRatio = 0.5,
            SamplingDuration = TimeSpan.FromMinutes(1),
            BreakDuration = breakDuration ?? TimeSpan.FromMinutes(1),
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
        });

    private static GenericHttpSmsProvider Generic(string name, LocalSmsGateway gateway) => Generic(name, gateway.BaseAddress);

    private static GenericHttpSmsProvider Generic(string name, Uri endpoint) => new(
        new SmsProviderOptions { Name = name, Kind = SmsProviderKind.Generic, Endpoint = endpoint, KeySecret = "k" },
        TestServices.HttpClientFactory,
        NullLogger<GenericHttpSmsProvider>.Instance);

    private static async Task<int> ClosedPortAsync()
    {
        // A port that was free a moment ago and has nothing listening now.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await Task.Yield();
        return port;
    }

    private sealed class FakeProvider(string name, Func<SmsRecipient, FakeProvider.Outcome> decide, int maxRecipients = 100) : ISmsProvider
    {
        private int _calls;

        public enum Outcome
        {
            Accept,
            Reject,
            Unavailable,
            Throw,
            Hang,
        }

        public string Name => name;

        public int MaxRecipientsPerRequest => maxRecipients;

        public bool IsIdempotent => false;

        public int Calls => Volatile.Read(ref _calls);

        public List<int> BatchSizes { get; } = [];

        public Task WarmUpAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public async Task<SmsBatchResult> SendAsync(SmsBatch batch, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            lock (BatchSizes)
            {
                BatchSizes.Add(batch.Recipients.Count);
            }

            var outcomes = batch.Recipients.Select(decide).ToList();
            if (outcomes.Contains(Outcome.Hang))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (outcomes.Contains(Outcome.Throw))
            {
                throw new HttpRequestException("connection refused", null, System.Net.HttpStatusCode.ServiceUnavailable);
            }

            if (outcomes.Contains(Outcome.Unavailable))
            {
                return SmsBatchResult.Unavailable(batch, Name, $"{Name} answered 503");
            }

            return new SmsBatchResult(batch.Recipients.Select((r, i) => new SmsRecipientResult(
                r.RecipientId,
                r.PhoneE164,
                outcomes[i] == Outcome.Accept ? new SmsOutcome.Accepted($"{Name}-{r.RecipientId}") : new SmsOutcome.PermanentFailure("BLACKLISTED", "opted out"),
                Name)).ToList());
        }
    }

    private sealed class PausedProviders(params string[] names) : ISmsProviderPauses
    {
        public bool IsPaused(string provider) => names.Contains(provider, StringComparer.Ordinal);
    }
}
