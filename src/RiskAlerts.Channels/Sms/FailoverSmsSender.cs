using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using RiskAlerts.Core.Deliveries.Sms;
using RiskAlerts.Core.Operations.Pauses;

namespace RiskAlerts.Channels.Sms;

/// <summary>
/// Sends through the configured providers in order, passing over those an operator paused: each
/// request goes to the first provider that takes it; when that provider fails the request as a whole
/// (unreachable, timed out, 5xx, credentials refused) or its circuit is open, the same recipients go to the next;
/// a provider that deduplicates and left a request unanswered is first asked again with the same request id.
/// Recipients the provider answered for (accepted, or refused per number) stay with its answer.
/// </summary>
public sealed class FailoverSmsSender : ISmsSender
{
    private const int UnansweredRepeats = 2;
    private static readonly TimeSpan UnansweredRepeatDelay = TimeSpan.FromMilliseconds(200);

    private readonly List<SmsProviderRoute> _routes;
    private readonly ILogger<FailoverSmsSender> _logger;
    private readonly ISmsProviderPauses? _pauses;

    /// <summary>Creates the sender over providers in failover order.</summary>
    /// <param name="routes">The providers in failover order.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="pauses">Which providers operators have paused; none when null.</param>
    public FailoverSmsSender(IEnumerable<SmsProviderRoute> routes, ILogger<FailoverSmsSender> logger, ISmsProviderPauses? pauses = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(logger);
        _routes = routes.ToList();
        if (_routes.Count == 0)
        {
            throw new ArgumentException("At least one SMS provider is required.", nameof(routes));
        }

        _logger = logger;
        _pauses = pauses;
    }

    /// <summary>The providers in failover order.</summary>
    public IReadOnlyList<SmsProviderRoute> Routes => _routes;

    /// <inheritdoc />
    public bool IsIdempotent => _routes.TrueForAll(r => r.Provider.IsIdempotent);

    /// <inheritdoc />
    /// <remarks>Tencent's status callback names only its message id and the number.</remarks>
    public bool ReceiptsCarryReference(string provider) =>
        _routes.Find(r => r.Provider.Name == provider)?.Provider is not Providers.TencentSmsProvider;

    /// <inheritdoc />
    public async Task<SmsBatchResult> SendAsync(SmsBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var results = new SmsRecipientResult?[batch.Recipients.Count];
        var pending = Enumerable.Range(0, batch.Recipients.Count).ToList();
        var failures = new List<string>();
        var lastTried = _routes[0].Provider.Name;

        // Recipients some provider was really asked for; the rest met only paused providers and open circuits.
        var asked = new bool[batch.Recipients.Count];

        foreach (var route in _routes)
        {
            if (pending.Count == 0)
            {
                break;
            }

            lastTried = route.Provider.Name;
            if (_pauses?.IsPaused(route.Provider.Name) == true)
            {
                _logger.LogInformation("SMS provider {Provider} skipped: paused", route.Provider.Name);
                failures.Add($"{route.Provider.Name}: paused");
                continue;
            }

            // An open circuit is not skipped here but asked: the pipeline refuses at once while the
            // break lasts, and once it is over lets the call through as the half-open trial. Skipping
            // on the reported state would never make that trial (Polly moves an expired break to
            // half-open only when called), so a circuit opened by an outage on every provider would stay open.
            var stillPending = new List<int>();
            foreach (var chunk in pending.Chunk(route.Provider.MaxRecipientsPerRequest))
            {
                var part = batch.WithRecipients(chunk.Select(i => batch.Recipients[i]).ToList());
                var failure = await TryAsync(route, part, cancellationToken);

                // The request may have left without its answer coming back (a timeout, a connection cut).
                // A provider that deduplicates is asked again first, with the same request id: it answers
                // what it did. Handing the batch to the next provider instead could send it twice.
                for (var repeat = 0; failure.MaybeSent && route.Provider.IsIdempotent && part.RequestId is not null && repeat < UnansweredRepeats; repeat++)
                {
                    _logger.LogWarning("SMS provider {Provider} left request {RequestId} unanswered ({Reason}); asking it again", route.Provider.Name, part.RequestId, failure.Reason);
                    await Task.Delay(UnansweredRepeatDelay * (repeat + 1), cancellationToken);
                    failure = await TryAsync(route, part, cancellationToken);
                }

                if (failure.Asked)
                {
                    foreach (var i in chunk)
                    {
                        asked[i] = true;
                    }
                }

                if (failure.Result is { } sent)
                {
                    for (var k = 0; k < chunk.Length; k++)
                    {
                        results[chunk[k]] = sent.Recipients[k];
                    }
                }
                else
                {
                    failures.Add(failure.Reason!);
                    stillPending.AddRange(chunk);
                }
            }

            if (stillPending.Count > 0 && !ReferenceEquals(route, _routes[^1]))
            {
                _logger.LogWarning("SMS provider {Provider} failed {Count} recipients as a whole; trying the next provider", route.Provider.Name, stillPending.Count);
            }

            pending = stillPending;
        }

        if (pending.Count > 0)
        {
            var reason = "no SMS provider available: " + string.Join("; ", failures.Distinct(StringComparer.Ordinal));
            _logger.LogError("SMS batch of {Count} recipients could not be sent by any provider: {Reason}", pending.Count, reason);
            foreach (var i in pending)
            {
                var recipient = batch.Recipients[i];
                SmsOutcome outcome = asked[i] ? new SmsOutcome.TransientFailure(reason) : new SmsOutcome.NotAttempted(reason);
                results[i] = new SmsRecipientResult(recipient.RecipientId, recipient.PhoneE164, outcome, lastTried);
            }
        }

        return new SmsBatchResult(results.Select(r => r!).ToList(), pending.Count == batch.Recipients.Count && pending.Count > 0 ? failures[^1] : null);
    }

    /// <summary>
    /// One request through the route's pipeline. <c>Asked</c> is false when the open circuit refused
    /// it before it left; <c>MaybeSent</c> is true when it may have been carried out although no
    /// answer came (timed out, connection cut after the request was written).
    /// </summary>
    private static async Task<(SmsBatchResult? Result, string? Reason, bool Asked, bool MaybeSent)> TryAsync(SmsProviderRoute route, SmsBatch part, CancellationToken cancellationToken)
    {
        try
        {
            var result = await route.Pipeline.ExecuteAsync(
                static (state, token) => new ValueTask<SmsBatchResult>(state.Provider.SendAsync(state.Part, token)),
                (route.Provider, Part: part),
                cancellationToken);
            return result.RequestFailure is null ? (result, null, true, false) : (null, result.RequestFailure, true, result.Unanswered);
        }
        catch (BrokenCircuitException)
        {
            return (null, $"{route.Provider.Name}: circuit open", false, false);
        }
        catch (TimeoutRejectedException)
        {
            return (null, $"{route.Provider.Name}: timed out after {route.Timeout.TotalSeconds:0.###} s", true, true);
        }
        catch (HttpRequestException ex)
        {
            // Refused before the request left: nothing was sent. Anything later may have been.
            var maybeSent = ex.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError);
            return (null, $"{route.Provider.Name}: unreachable ({ex.HttpRequestError})", true, maybeSent);
        }
    }
}

/// <summary>A provider with its resilience pipeline: a circuit breaker around a timeout.</summary>
public sealed class SmsProviderRoute
{
    private readonly CircuitBreakerStateProvider _state = new();

    /// <summary>Wraps the provider with the given settings.</summary>
    public SmsProviderRoute(ISmsProvider provider, SmsResilienceOptions resilience, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(resilience);
        Provider = provider;
        Timeout = resilience.Timeout;

        // The breaker is outermost so that timeouts count as failures.
        Pipeline = new ResiliencePipelineBuilder<SmsBatchResult> { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<SmsBatchResult>
            {
                FailureRatio = resilience.FailureRatio,
                MinimumThroughput = resilience.MinimumThroughput,
                SamplingDuration = resilience.SamplingDuration,
                BreakDuration = resilience.BreakDuration,
                StateProvider = _state,
                ShouldHandle = new PredicateBuilder<SmsBatchResult>()
                    .HandleResult(r => r.RequestFailure is not null)
                    .Handle<TimeoutRejectedException>()
                    .Handle<HttpRequestException>(),
            })
            .AddTimeout(resilience.Timeout)
            .Build();
    }

    /// <summary>The provider.</summary>
    public ISmsProvider Provider { get; }

    /// <summary>The resilience pipeline every request to the provider runs through.</summary>
    public ResiliencePipeline<SmsBatchResult> Pipeline { get; }

    /// <summary>The circuit's state: <see cref="CircuitState.Open"/> means the provider is being skipped.</summary>
    public CircuitState CircuitState => _state.CircuitState;

    /// <summary>The per-request timeout.</summary>
    public TimeSpan Timeout { get; }
}
