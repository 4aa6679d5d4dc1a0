using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Deliveries.Sms;
using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.Channels.Sms.Providers;

/// <summary>
/// Common plumbing of the HTTP providers: splitting a batch into requests of at most
/// <see cref="MaxRecipientsPerRequest"/> numbers, turning transport failures into results, and
/// logging outcomes with masked numbers.
/// </summary>
public abstract class HttpSmsProvider : ISmsProvider
{
    private readonly IHttpClientFactory _httpClientFactory;

    /// <summary>Creates the provider.</summary>
    protected HttpSmsProvider(SmsProviderOptions options, IHttpClientFactory httpClientFactory, ILogger logger, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.Endpoint is null)
        {
            throw new ArgumentException($"Provider '{options.Name}' has no endpoint.", nameof(options));
        }

        Options = options;
        _httpClientFactory = httpClientFactory;
        Logger = logger;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name => Options.Name;

    /// <inheritdoc />
    public int MaxRecipientsPerRequest => Math.Min(Options.MaxRecipientsPerRequest ?? ProtocolLimit, ProtocolLimit);

    /// <inheritdoc />
    public virtual bool IsIdempotent => false;

    /// <summary>The most numbers the provider's API takes in one request.</summary>
    protected abstract int ProtocolLimit { get; }

    /// <summary>This provider's settings.</summary>
    protected SmsProviderOptions Options { get; }

    /// <summary>The endpoint, never null after construction.</summary>
    protected Uri Endpoint => Options.Endpoint!;

    /// <summary>Resolves a path against the endpoint, which counts as a directory with or without its final slash.</summary>
    protected Uri Resolve(string relativePath)
    {
        var baseUri = Endpoint.AbsoluteUri.EndsWith('/') ? Endpoint : new Uri(Endpoint.AbsoluteUri + "/");
        return new Uri(baseUri, relativePath);
    }

    /// <summary>For structured logs; never given secrets or unmasked numbers.</summary>
    protected ILogger Logger { get; }

    /// <summary>The provider's own named client (its handler pool and log category).</summary>
    protected HttpClient CreateHttpClient() => _httpClientFactory.CreateClient(SmsHttpClients.NameFor(Name));

    /// <summary>The clock used for signing timestamps.</summary>
    protected TimeProvider TimeProvider { get; }

    /// <summary>The signature to send: this provider's registered one, else the batch's.</summary>
    protected string SignatureFor(SmsBatch batch) => string.IsNullOrWhiteSpace(Options.Signature) ? batch.Signature : Options.Signature;

    /// <inheritdoc />
    public async Task<SmsBatchResult> SendAsync(SmsBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Recipients.Count == 0)
        {
            return new SmsBatchResult([]);
        }

        var results = new List<SmsRecipientResult>(batch.Recipients.Count);
        string? firstFailure = null;
        var failedRequests = 0;
        var requests = 0;
        var unanswered = false;
        foreach (var chunk in batch.Recipients.Chunk(MaxRecipientsPerRequest))
        {
            requests++;
            var result = await SendOneRequestAsync(batch.WithRecipients(chunk), cancellationToken);
            if (result.RequestFailure is not null)
            {
                failedRequests++;
                firstFailure ??= result.RequestFailure;
                unanswered |= result.Unanswered;
            }

            results.AddRange(result.Recipients);
        }

        LogOutcome(results);

        // Only a batch that failed in every request counts as the provider failing; a partly
        // sent batch reports its failed part per recipient.
        return new SmsBatchResult(results, failedRequests == requests ? firstFailure : null) { Unanswered = unanswered };
    }

    /// <inheritdoc />
    /// <remarks>
    /// A <c>HEAD</c> of the endpoint: no provider's API sends anything for it, and whatever the
    /// answer, the connection it opened stays in the client's pool for the first batch.
    /// </remarks>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, Endpoint);
        using var response = await CreateHttpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Sends at most <see cref="MaxRecipientsPerRequest"/> numbers in one request.</summary>
    protected abstract Task<SmsBatchResult> SendRequestAsync(HttpClient httpClient, SmsBatch batch, CancellationToken cancellationToken);

    /// <summary>Outcome for a recipient.</summary>
    protected SmsRecipientResult ResultFor(SmsRecipient recipient, SmsOutcome outcome) =>
        new(recipient.RecipientId, recipient.PhoneE164, outcome, Name);

    /// <summary>Whether an HTTP status means the provider as a whole is failing (and another should be tried).</summary>
    protected static bool IsProviderFailure(System.Net.HttpStatusCode status) =>
        (int)status >= 500 || status is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden;

    private async Task<SmsBatchResult> SendOneRequestAsync(SmsBatch chunk, CancellationToken cancellationToken)
    {
        try
        {
            var httpClient = CreateHttpClient();
            return await SendRequestAsync(httpClient, chunk, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            Logger.LogWarning("SMS provider {Provider} unreachable: {Error}", Name, ex.Message);

            // Refused before the request was written means nothing was sent; any later failure may hide a send.
            var unanswered = ex.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError);
            return SmsBatchResult.Unavailable(chunk, Name, $"{Name} unreachable: {ex.HttpRequestError}") with { Unanswered = unanswered };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout; the caller did not cancel.
            Logger.LogWarning("SMS provider {Provider} timed out", Name);
            return SmsBatchResult.Unavailable(chunk, Name, $"{Name} timed out") with { Unanswered = true };
        }
        catch (System.Text.Json.JsonException ex)
        {
            Logger.LogWarning("SMS provider {Provider} answered with unreadable JSON: {Error}", Name, ex.Message);
            return SmsBatchResult.Unavailable(chunk, Name, $"{Name} answered with unreadable JSON");
        }
    }

    private void LogOutcome(List<SmsRecipientResult> results)
    {
        var accepted = results.Count(r => r.Outcome is SmsOutcome.Accepted);
        Logger.LogInformation("SMS provider {Provider} accepted {Accepted} of {Count} recipients", Name, accepted, results.Count);
        if (!Logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        foreach (var result in results)
        {
            switch (result.Outcome)
            {
                case SmsOutcome.PermanentFailure permanent:
                    Logger.LogDebug("SMS to {Phone} via {Provider} rejected: {Code} {Reason}", PersonalDataMask.MaskPhone(result.PhoneE164), Name, permanent.Code, permanent.Reason);
                    break;
                case SmsOutcome.TransientFailure transient:
                    Logger.LogDebug("SMS to {Phone} via {Provider} failed transiently: {Reason}", PersonalDataMask.MaskPhone(result.PhoneE164), Name, transient.Reason);
                    break;
            }
        }
    }
}

/// <summary>Names of the <see cref="IHttpClientFactory"/> clients the providers use.</summary>
public static class SmsHttpClients
{
    /// <summary>The prefix of every provider's client name.</summary>
    public const string Prefix = "RiskAlerts.Sms.";

    /// <summary>The named client of one provider, so each has its own handler pool and log category.</summary>
    public static string NameFor(string providerName) => Prefix + providerName;
}
