using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Logging.Abstractions;
using RiskAlerts.Channels.Email;
using RiskAlerts.Core.Deliveries.Email;
using RiskAlerts.LocalChannels.Email;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace RiskAlerts.Benchmarks;

/// <summary>
/// Email throughput: 2,000 emails of one warning (one batch's shared warning, a recipient each)
/// sent through <see cref="MailKitEmailSender"/> and its connection pool to the in-process
/// <see cref="LocalSmtpServer"/>, with as many sends in flight as the pool has connections (the
/// caller's <c>Deliveries:EmailParallelism</c> matching <c>Email:Connections</c>). Results are per
/// email: the Op/s column is emails per second. The pool is opened before measuring, as it stays
/// open between batches.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EmailsPerSecond))]
public class EmailSenderThroughputBenchmarks
{
    private const int EmailCount = 2_000;

    private LocalSmtpServer _smtp = null!;
    private MailKitEmailSender _sender = null!;
    private EmailDelivery[] _deliveries = [];

    /// <summary>SMTP connections in the pool, and sends in flight.</summary>
    [Params(1, 8)]
    public int Connections { get; set; }

    [GlobalSetup]
    public async Task StartAsync()
    {
        _smtp = await LocalSmtpServer.StartAsync();
        var options = MsOptions.Create(new EmailOptions
        {
            Host = _smtp.Host,
            Port = _smtp.Port,
            FromAddress = "alerts@riskalerts.local",
            AcknowledgeBaseUrl = new Uri("http://localhost:7071/api/acknowledge"),
            UnsubscribeBaseUrl = new Uri("http://localhost:7071/api/unsubscribe"),
            Connections = Connections,
        });
        _sender = new MailKitEmailSender(options, new EmailContentRenderer(options), NullLogger<MailKitEmailSender>.Instance);
        _deliveries = EmailDeliveries.OneWarning(EmailCount);

        await SendAllAsync(_deliveries.Take(Connections));
        _smtp.Clear();
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        await _sender.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    /// <summary>The server keeps what it receives; forget it between iterations.</summary>
    [IterationCleanup]
    public void ForgetReceived()
    {
        if (_smtp.MessageCount != EmailCount)
        {
            throw new InvalidOperationException($"{_smtp.MessageCount} of {EmailCount} emails arrived.");
        }

        _smtp.Clear();
    }

    [Benchmark(OperationsPerInvoke = EmailCount, Description = "Send 2,000 emails over the pool")]
    public Task SendThroughPool() => SendAllAsync(_deliveries);

    private async Task SendAllAsync(IEnumerable<EmailDelivery> deliveries)
    {
        await Parallel.ForEachAsync(
            deliveries,
            new ParallelOptions { MaxDegreeOfParallelism = Connections },
            async (delivery, token) =>
            {
                var result = await _sender.SendAsync(delivery, token);
                if (result is not EmailSendResult.Accepted)
                {
                    throw new InvalidOperationException($"Email {delivery.DeliveryId} was not accepted: {result}");
                }
            });
    }

    private sealed class EmailsPerSecond : ManualConfig
    {
        public EmailsPerSecond() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}

/// <summary>
/// CPU per email without the network: building the MIME message of one delivery of a warning whose
/// bodies were rendered already (as for every email of a broadcast but the first), and building
/// and writing it out as MailKit does for <c>DATA</c>. Results are per email.
/// </summary>
[MemoryDiagnoser]
public class EmailMessageBuildBenchmarks
{
    private const int EmailCount = 2_000;

    private MailKitEmailSender _sender = null!;
    private EmailDelivery[] _deliveries = [];
    private MimeKit.FormatOptions _format = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = MsOptions.Create(new EmailOptions
        {
            Host = "127.0.0.1",
            FromAddress = "alerts@riskalerts.local",
            AcknowledgeBaseUrl = new Uri("http://localhost:7071/api/acknowledge"),
            UnsubscribeBaseUrl = new Uri("http://localhost:7071/api/unsubscribe"),
        });
        _sender = new MailKitEmailSender(options, new EmailContentRenderer(options), NullLogger<MailKitEmailSender>.Instance);
        _deliveries = EmailDeliveries.OneWarning(EmailCount);
        _format = MimeKit.FormatOptions.Default.Clone();
        _format.NewLineFormat = MimeKit.NewLineFormat.Dos;
    }

    [GlobalCleanup]
    public void Cleanup() => _sender.Dispose();

    [Benchmark(OperationsPerInvoke = EmailCount, Description = "Build one email's MIME message")]
    public void Build()
    {
        foreach (var delivery in _deliveries)
        {
            using var message = _sender.BuildMessage(delivery);
        }
    }

    [Benchmark(OperationsPerInvoke = EmailCount, Description = "Build and write out one email")]
    public long BuildAndWrite()
    {
        var bytes = 0L;
        foreach (var delivery in _deliveries)
        {
            using var message = _sender.BuildMessage(delivery);
            message.Prepare(MimeKit.EncodingConstraint.EightBit);
            using var counter = new MimeKit.IO.MeasuringStream();
            message.WriteTo(_format, counter);
            bytes += counter.Length;
        }

        return bytes;
    }
}

internal static class EmailDeliveries
{
    /// <summary>Deliveries of one warning to <paramref name="count"/> contacts, sharing the warning as a batch does.</summary>
    public static EmailDelivery[] OneWarning(int count)
    {
        var warning = new EmailWarning(
            "20250310-0001",
            "冒充客服退款诈骗高发",
            AlertSeverity.Severe,
            "近期我省多地发生冒充电商、物流客服以“退款”“理赔”为名实施的诈骗案件。\n骗子通过电话或短信联系受害人，诱导其下载屏幕共享软件或提供银行卡验证码。\n涉案金额较大，请提高警惕。",
            "请勿点击陌生链接，请勿向陌生账户转账；如有疑问请拨打96110咨询。",
            "吉林省反诈中心");
        return [.. Enumerable.Range(0, count).Select(i => new EmailDelivery(
            $"20250310-0001-{i % 16:D2}:email:{i / 100}:c-{i}",
            $"contact{i}@example.cn",
            null,
            warning,
            $"token-{i:D6}"))];
    }
}
