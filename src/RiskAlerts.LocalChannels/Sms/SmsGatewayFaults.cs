namespace RiskAlerts.LocalChannels.Sms;

/// <summary>
/// Failures the local gateway injects, changeable while it runs (in process or through
/// <c>POST /v1/faults</c>). Thread-safe.
/// </summary>
public sealed class SmsGatewayFaults
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly Dictionary<string, string> _rejected = new(StringComparer.Ordinal);
    private readonly HashSet<string> _undelivered = new(StringComparer.Ordinal);
    private double _transientFailureRate;
    private double _answerLossRate;
    private int _answersToLose;
    private TimeSpan _latency;
    private bool _down;
    private SmsGatewayDownMode _downMode;

    internal SmsGatewayFaults(int? seed) => _random = seed is { } s ? new Random(s) : new Random();

    /// <summary>Share of batch requests answered 503 (0 to 1), drawn independently per request.</summary>
    public double TransientFailureRate
    {
        get { lock (_gate) { return _transientFailureRate; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0d);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1d);
            lock (_gate) { _transientFailureRate = value; }
        }
    }

    /// <summary>
    /// Share of batch requests (0 to 1) that are carried out, messages recorded and receipts
    /// queued, but whose answer is lost: the connection is cut before the response, as when a
    /// provider's answer times out on the way back.
    /// </summary>
    public double AnswerLossRate
    {
        get { lock (_gate) { return _answerLossRate; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1);
            lock (_gate) { _answerLossRate = value; }
        }
    }

    /// <summary>Delay added before every batch request is answered.</summary>
    public TimeSpan Latency
    {
        get { lock (_gate) { return _latency; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate) { _latency = value; }
        }
    }

    /// <summary>When set, every batch request fails the way <see cref="DownMode"/> says.</summary>
    public bool Down
    {
        get { lock (_gate) { return _down; } }
        set { lock (_gate) { _down = value; } }
    }

    /// <summary>How a down gateway fails.</summary>
    public SmsGatewayDownMode DownMode
    {
        get { lock (_gate) { return _downMode; } }
        set { lock (_gate) { _downMode = value; } }
    }

    /// <summary>Numbers rejected permanently, with the code the gateway answers.</summary>
    public IReadOnlyDictionary<string, string> RejectedPhones
    {
        get { lock (_gate) { return new Dictionary<string, string>(_rejected, StringComparer.Ordinal); } }
    }

    /// <summary>Numbers accepted but whose receipts say undelivered.</summary>
    public IReadOnlyCollection<string> UndeliveredPhones
    {
        get { lock (_gate) { return [.. _undelivered]; } }
    }

    /// <summary>Rejects a number permanently from now on.</summary>
    public void RejectPhone(string phoneE164, string code = "BLACKLISTED")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phoneE164);
        lock (_gate) { _rejected[phoneE164] = code; }
    }

    /// <summary>Accepts the number but reports it undelivered in receipts.</summary>
    public void MarkUndelivered(string phoneE164)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phoneE164);
        lock (_gate) { _undelivered.Add(phoneE164); }
    }

    /// <summary>Back to a healthy gateway.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _transientFailureRate = 0;
            _answerLossRate = 0;
            _answersToLose = 0;
            _latency = TimeSpan.Zero;
            _down = false;
            _downMode = SmsGatewayDownMode.ServiceUnavailable;
            _rejected.Clear();
            _undelivered.Clear();
        }
    }

    internal void Apply(FaultSettings settings)
    {
        lock (_gate)
        {
            _transientFailureRate = Math.Clamp(settings.FailureRate ?? 0, 0, 1);
            _latency = TimeSpan.FromMilliseconds(Math.Max(0, settings.LatencyMs ?? 0));
            _down = settings.Down ?? false;
            _downMode = string.Equals(settings.DownMode, "close", StringComparison.OrdinalIgnoreCase)
                ? SmsGatewayDownMode.CloseConnection
                : SmsGatewayDownMode.ServiceUnavailable;
            _rejected.Clear();
            foreach (var phone in settings.RejectedPhones ?? [])
            {
                _rejected[phone] = "BLACKLISTED";
            }

            _undelivered.Clear();
            _undelivered.UnionWith(settings.UndeliveredPhones ?? []);
        }
    }

    internal FaultSettings Snapshot()
    {
        lock (_gate)
        {
            return new FaultSettings(
                _transientFailureRate,
                (int)_latency.TotalMilliseconds,
                _down,
                _downMode == SmsGatewayDownMode.CloseConnection ? "close" : "503",
                [.. _rejected.Keys],
                [.. _undelivered]);
        }
    }

    /// <summary>Loses the answers of the next <paramref name="count"/> batch requests (carried out all the same), then goes back to <see cref="AnswerLossRate"/>.</summary>
    public void LoseNextAnswers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate) { _answersToLose = count; }
    }

    internal bool DrawAnswerLoss()
    {
        lock (_gate)
        {
            if (_answersToLose > 0)
            {
                _answersToLose--;
                return true;
            }

            return _answerLossRate > 0 && _random.NextDouble() < _answerLossRate;
        }
    }

    internal bool DrawTransientFailure()
    {
        lock (_gate)
        {
            return _transientFailureRate > 0 && _random.NextDouble() < _transientFailureRate;
        }
    }

    internal string? RejectionCode(string phone)
    {
        lock (_gate) { return _rejected.GetValueOrDefault(phone); }
    }

    internal bool IsUndelivered(string phone)
    {
        lock (_gate) { return _undelivered.Contains(phone); }
    }
}

/// <summary>How a down gateway fails.</summary>
public enum SmsGatewayDownMode
{
    /// <summary>Answers every batch with 503.</summary>
    ServiceUnavailable,

    /// <summary>Closes the connection without answering.</summary>
    CloseConnection,
}
