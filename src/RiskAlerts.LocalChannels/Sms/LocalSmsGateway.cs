using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RiskAlerts.LocalChannels.Sms;

/// <summary>
/// A local stand-in for an SMS provider, speaking the generic gateway protocol on 127.0.0.1:
/// it records every accepted message, answers with message ids, posts delivery receipts to the
/// batch's callback URL shortly afterwards, and injects failures on request. A development and
/// test tool; it sends nothing to any phone.
/// </summary>
/// <remarks>
/// Endpoints: <c>POST /v1/sms/batch</c>, <c>GET /v1/messages</c>, <c>GET|POST|DELETE /v1/faults</c>, and
/// <c>POST /v1/replies</c> <c>{phone, text}</c>, which plays a phone replying: the reply is posted to
/// <see cref="LocalSmsGatewayOptions.ReplyCallbackUrl"/> as a provider's upstream-SMS push would be.
/// </remarks>
public sealed partial class LocalSmsGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LocalSmsGatewayOptions _options;
    private readonly Lock _gate = new();
    private readonly List<RecordedSms> _messages = [];
    private readonly List<RecordedSmsRequest> _requests = [];
    private readonly List<SmsDeliveryReceipt> _receiptsSent = [];
    private readonly List<SmsReplyMessage> _repliesSent = [];

    // What each request id got per number, so that a repeated request sends nothing twice.
    private readonly Dictionary<(string RequestId, string Phone), BatchResult> _answered = [];
    private int _repeatedAnswers;
    private int _inFlight;
    private readonly Channel<PendingReceipt> _receipts = Channel.CreateUnbounded<PendingReceipt>();
    private readonly HttpClient _callbackClient;
    private readonly CancellationTokenSource _stopping = new();
    private Task _receiptLoop = Task.CompletedTask;
    private long _nextMessageId;
    private int _receiptFailures;

    private LocalSmsGateway(WebApplication app, LocalSmsGatewayOptions options)
    {
        _app = app;
        _options = options;
        _callbackClient = new HttpClient { Timeout = options.CallbackTimeout };
        Faults = new SmsGatewayFaults(options.RandomSeed);
    }

    /// <summary>The gateway's base address, for example <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Failures to inject; changeable while running.</summary>
    public SmsGatewayFaults Faults { get; }

    /// <summary>Every message accepted so far, in order of arrival.</summary>
    public IReadOnlyList<RecordedSms> Messages
    {
        get { lock (_gate) { return [.. _messages]; } }
    }

    /// <summary>Every batch request received so far, failed ones included.</summary>
    public IReadOnlyList<RecordedSmsRequest> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    /// <summary>Receipts the callback endpoints took (answered 2xx).</summary>
    public IReadOnlyList<SmsDeliveryReceipt> ReceiptsSent
    {
        get { lock (_gate) { return [.. _receiptsSent]; } }
    }

    /// <summary>Replies the reply callback took (answered 2xx).</summary>
    public IReadOnlyList<SmsReplyMessage> RepliesSent
    {
        get { lock (_gate) { return [.. _repliesSent]; } }
    }

    /// <summary>Receipt callbacks given up after <see cref="LocalSmsGatewayOptions.ReceiptAttempts"/> tries.</summary>
    public int ReceiptFailures => Volatile.Read(ref _receiptFailures);

    /// <summary>Batch requests being handled now (taken, not yet answered).</summary>
    public int RequestsInFlight => Volatile.Read(ref _inFlight);

    /// <summary>Numbers of repeated requests (same request id) answered from the first answer, with nothing sent.</summary>
    public int RepeatedAnswers
    {
        get { lock (_gate) { return _repeatedAnswers; } }
    }

    /// <summary>Starts a gateway on 127.0.0.1.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<LocalSmsGateway> StartAsync(LocalSmsGatewayOptions? options = null, int port = 0, CancellationToken cancellationToken = default)
    {
        options ??= new LocalSmsGatewayOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReceiptAttempts, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReceiptConcurrency, 1, nameof(options));
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();

        var gateway = new LocalSmsGateway(app, options);
        app.MapPost("/v1/sms/batch", (RequestDelegate)gateway.HandleBatchAsync);
        app.MapGet("/v1/messages", (RequestDelegate)gateway.HandleMessagesAsync);
        app.MapGet("/v1/faults", (RequestDelegate)gateway.HandleGetFaultsAsync);
        app.MapPost("/v1/faults", (RequestDelegate)gateway.HandleSetFaultsAsync);
        app.MapDelete("/v1/faults", (RequestDelegate)gateway.HandleResetFaults);
        app.MapPost("/v1/replies", (RequestDelegate)gateway.HandleReplyAsync);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        gateway.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        gateway._receiptLoop = Task.Run(() => gateway.SendReceiptsAsync(gateway._stopping.Token), CancellationToken.None);
        return gateway;
    }

    /// <summary>Forgets recorded messages and requests (faults stay as they are).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
            _requests.Clear();
            _receiptsSent.Clear();
            _repliesSent.Clear();
            _answered.Clear();
            _repeatedAnswers = 0;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _receipts.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _receiptLoop;
        }
        catch (OperationCanceledException)
        {
            // Stopping abandons receipts not yet sent, as a provider going away would.
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _callbackClient.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// Plays a phone replying to the gateway: posts the reply to the reply callback, with the receipt
    /// secret, and answers with the callback's HTTP status (0 when it could not be reached).
    /// </summary>
    /// <exception cref="InvalidOperationException">No reply callback is configured.</exception>
    public async Task<int> SimulateReplyAsync(string phone, string text, CancellationToken cancellationToken = default)
    {
        var callback = _options.ReplyCallbackUrl ?? throw new InvalidOperationException("The gateway has no ReplyCallbackUrl to post replies to.");
        var reply = new SmsReplyMessage(phone, text, DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, callback)
        {
            Content = JsonContent.Create(new SmsReplyBatch([reply]), GatewayJsonContext.Default.SmsReplyBatch),
        };
        request.Headers.Add("X-Receipt-Secret", _options.ReceiptSecret);
        try
        {
            using var response = await _callbackClient.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                lock (_gate) { _repliesSent.Add(reply); }
            }

            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private async Task HandleReplyAsync(HttpContext context)
    {
        SmsReplyMessage? reply;
        try
        {
            reply = await context.Request.ReadFromJsonAsync(GatewayJsonContext.Default.SmsReplyMessage, context.RequestAborted);
        }
        catch (System.Text.Json.JsonException)
        {
            reply = null;
        }

        if (reply is null || string.IsNullOrEmpty(reply.Phone) || reply.Text is null || _options.ReplyCallbackUrl is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new ErrorResponse("phone and text are required, and the gateway needs a reply callback"), GatewayJsonContext.Default.ErrorResponse, cancellationToken: context.RequestAborted);
            return;
        }

        var status = await SimulateReplyAsync(reply.Phone, reply.Text, context.RequestAborted);
        context.Response.StatusCode = status is >= 200 and < 300 ? StatusCodes.Status202Accepted : StatusCodes.Status502BadGateway;
    }

    private async Task HandleBatchAsync(HttpContext context)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            await HandleBatchRequestAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task HandleBatchRequestAsync(HttpContext context)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        if (Faults.Down)
        {
            if (Faults.DownMode == SmsGatewayDownMode.CloseConnection)
            {
                Record(new RecordedSmsRequest(0, 0, receivedAt));
                context.Abort();
                return;
            }

            await AnswerErrorAsync(context, 0, receivedAt, StatusCodes.Status503ServiceUnavailable, "gateway down");
            return;
        }

        if (_options.ApiKey is { Length: > 0 } apiKey
            && !string.Equals(context.Request.Headers.Authorization.ToString(), "Bearer " + apiKey, StringComparison.Ordinal))
        {
            await AnswerErrorAsync(context, 0, receivedAt, StatusCodes.Status401Unauthorized, "missing or wrong bearer token");
            return;
        }

        var latency = Faults.Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, context.RequestAborted);
        }

        BatchRequest? batch;
        try
        {
            batch = await context.Request.ReadFromJsonAsync(GatewayJsonContext.Default.BatchRequest, context.RequestAborted);
        }
        catch (System.Text.Json.JsonException)
        {
            batch = null;
        }

        var phones = batch?.Phones ?? [];
        if (Faults.DrawTransientFailure())
        {
            await AnswerErrorAsync(context, phones.Count, receivedAt, StatusCodes.Status503ServiceUnavailable, "injected transient failure");
            return;
        }

        if (batch is null || phones.Count == 0 || string.IsNullOrEmpty(batch.Text))
        {
            await AnswerErrorAsync(context, phones.Count, receivedAt, StatusCodes.Status400BadRequest, "text and at least one phone are required");
            return;
        }

        if (phones.Count > _options.MaxRecipientsPerRequest)
        {
            await AnswerErrorAsync(context, phones.Count, receivedAt, StatusCodes.Status400BadRequest, $"at most {_options.MaxRecipientsPerRequest} phones per request");
            return;
        }

        Uri? callback = Uri.TryCreate(batch.CallbackUrl, UriKind.Absolute, out var parsed) ? parsed : null;
        var requestId = string.IsNullOrEmpty(batch.RequestId) ? null : batch.RequestId;
        var results = new List<BatchResult>(phones.Count);
        lock (_gate)
        {
            foreach (var phone in phones)
            {
                if (requestId is not null && _answered.TryGetValue((requestId, phone), out var earlier))
                {
                    // A repetition: the number got its message (or its refusal) the first time.
                    results.Add(earlier);
                    _repeatedAnswers++;
                    continue;
                }

                if (Faults.RejectionCode(phone) is { } code)
                {
                    results.Add(new BatchResult(phone, null, "rejected", code, "number is blacklisted or opted out"));
                    continue;
                }

                if (!E164().IsMatch(phone))
                {
                    results.Add(new BatchResult(phone, null, "rejected", "INVALID_NUMBER", "not an E.164 number"));
                    continue;
                }

                var messageId = $"LSG{Interlocked.Increment(ref _nextMessageId):D10}";
                _messages.Add(new RecordedSms(messageId, phone, batch.Text, batch.Signature ?? string.Empty, receivedAt));
                results.Add(new BatchResult(phone, messageId, "accepted", null, null));
                if (callback is not null)
                {
                    _receipts.Writer.TryWrite(new PendingReceipt(callback, messageId, phone));
                }
            }

            if (requestId is not null)
            {
                foreach (var result in results)
                {
                    _answered.TryAdd((requestId, result.Phone), result);
                }
            }

            _requests.Add(new RecordedSmsRequest(phones.Count, StatusCodes.Status200OK, receivedAt));
        }

        if (Faults.DrawAnswerLoss())
        {
            // Done, but the caller never hears of it.
            context.Abort();
            return;
        }

        await context.Response.WriteAsJsonAsync(new BatchResponse(results), GatewayJsonContext.Default.BatchResponse, cancellationToken: context.RequestAborted);
    }

    private Task HandleMessagesAsync(HttpContext context) =>
        context.Response.WriteAsJsonAsync(new MessagesResponse(Messages), GatewayJsonContext.Default.MessagesResponse, cancellationToken: context.RequestAborted);

    private Task HandleGetFaultsAsync(HttpContext context) =>
        context.Response.WriteAsJsonAsync(Faults.Snapshot(), GatewayJsonContext.Default.FaultSettings, cancellationToken: context.RequestAborted);

    private async Task HandleSetFaultsAsync(HttpContext context)
    {
        FaultSettings? settings;
        try
        {
            settings = await context.Request.ReadFromJsonAsync(GatewayJsonContext.Default.FaultSettings, cancellationToken: context.RequestAborted);
        }
        catch (System.Text.Json.JsonException)
        {
            settings = null;
        }

        if (settings is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new ErrorResponse("a JSON fault description is required"), GatewayJsonContext.Default.ErrorResponse, cancellationToken: context.RequestAborted);
            return;
        }

        Faults.Apply(settings);
        await context.Response.WriteAsJsonAsync(Faults.Snapshot(), GatewayJsonContext.Default.FaultSettings, cancellationToken: context.RequestAborted);
    }

    private Task HandleResetFaults(HttpContext context)
    {
        Faults.Reset();
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private async Task AnswerErrorAsync(HttpContext context, int phoneCount, DateTimeOffset receivedAt, int status, string error)
    {
        Record(new RecordedSmsRequest(phoneCount, status, receivedAt));
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new ErrorResponse(error), GatewayJsonContext.Default.ErrorResponse, cancellationToken: context.RequestAborted);
    }

    private void Record(RecordedSmsRequest request)
    {
        lock (_gate) { _requests.Add(request); }
    }

    // Receipts arrive "shortly after": wait a little after the first pending one, then send
    // everything pending per callback in batches, the way providers push status reports: several
    // callbacks in flight at once, so that a host that answers each only once it is written is not
    // held to one write at a time.
    private async Task SendReceiptsAsync(CancellationToken cancellationToken)
    {
        var reader = _receipts.Reader;
        using var slots = new SemaphoreSlim(_options.ReceiptConcurrency);
        var posting = new List<Task>();
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                await Task.Delay(_options.ReceiptDelay, cancellationToken);
                var pending = new List<PendingReceipt>();
                while (reader.TryRead(out var receipt))
                {
                    pending.Add(receipt);
                }

                foreach (var group in pending.GroupBy(p => p.Callback))
                {
                    foreach (var chunk in group.Chunk(_options.ReceiptBatchSize))
                    {
                        var receipts = chunk.Select(p => Faults.IsUndelivered(p.Phone)
                            ? new SmsDeliveryReceipt(p.MessageId, p.Phone, "undelivered", "UNDELIV", DateTimeOffset.UtcNow)
                            : new SmsDeliveryReceipt(p.MessageId, p.Phone, "delivered", "DELIVRD", DateTimeOffset.UtcNow)).ToList();
                        await slots.WaitAsync(cancellationToken);
                        posting.RemoveAll(t => t.IsCompleted);
                        posting.Add(PostInSlotAsync(group.Key, receipts, slots, cancellationToken));
                    }
                }
            }
        }
        finally
        {
            await Task.WhenAll(posting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task PostInSlotAsync(Uri callback, List<SmsDeliveryReceipt> receipts, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await PostReceiptsAsync(callback, receipts, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing posted in the background goes missing unseen: it counts as given up.
            Interlocked.Increment(ref _receiptFailures);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task PostReceiptsAsync(Uri callback, List<SmsDeliveryReceipt> receipts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= _options.ReceiptAttempts; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, callback)
                {
                    Content = JsonContent.Create(new SmsDeliveryReceiptBatch(receipts), GatewayJsonContext.Default.SmsDeliveryReceiptBatch),
                };
                request.Headers.Add("X-Receipt-Secret", _options.ReceiptSecret);
                using var response = await _callbackClient.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    lock (_gate) { _receiptsSent.AddRange(receipts); }
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // The callback may not be up yet; retried below.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not answered in time (a host that waits for its storage): retried below, as a provider pushes a report again.
            }

            if (attempt < _options.ReceiptAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * attempt, 1_000)), cancellationToken);
            }
        }

        Interlocked.Increment(ref _receiptFailures);
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    private sealed record PendingReceipt(Uri Callback, string MessageId, string Phone);
}

/// <summary>Settings of the <see cref="LocalSmsGateway"/>.</summary>
public sealed class LocalSmsGatewayOptions
{
    /// <summary>When set, batch requests must carry <c>Authorization: Bearer {ApiKey}</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Sent as <c>X-Receipt-Secret</c> with every receipt callback.</summary>
    public string ReceiptSecret { get; set; } = "local-receipt-secret";

    /// <summary>Where replies go (a provider's upstream-SMS push address); none when null.</summary>
    public Uri? ReplyCallbackUrl { get; set; }

    /// <summary>How long after accepting a message its receipt is sent.</summary>
    public TimeSpan ReceiptDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Tries per receipt callback before the gateway gives it up (waiting 200 ms more after each
    /// failure, at most 1 s). Raise it where the receiving host may be down for a while (a crash
    /// test restarting it): real providers keep pushing a report for hours.
    /// </summary>
    public int ReceiptAttempts { get; set; } = 3;

    /// <summary>Most receipts in one callback.</summary>
    public int ReceiptBatchSize { get; set; } = 100;

    /// <summary>Most receipt callbacks in flight at once, as a provider pushes reports over several connections.</summary>
    public int ReceiptConcurrency { get; set; } = 8;

    /// <summary>How long a callback (receipt or reply) may take to be answered; a receipt callback not answered in time is an attempt that failed.</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most numbers the gateway takes in one request, as a real provider limits them.</summary>
    public int MaxRecipientsPerRequest { get; set; } = 100;

    /// <summary>Seed for the transient-failure draw, for repeatable tests; random when null.</summary>
    public int? RandomSeed { get; set; }
}
