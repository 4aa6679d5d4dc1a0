using Microsoft.Extensions.Logging.Abstractions;
using RiskAlerts.Channels.Email;
using RiskAlerts.LocalChannels.Email;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace RiskAlerts.Channels.Tests.Email;

public sealed class MailKitEmailSenderTests : IAsyncLifetime
{
    private LocalSmtpServer _smtp = null!;
    private MailKitEmailSender _sender = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _smtp = await LocalSmtpServer.StartAsync(cancellationToken: Ct);
        _sender = Sender(_smtp.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _sender.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Delivers_one_message_with_one_click_unsubscribe_headers_and_a_message_id_from_the_delivery()
    {
        var result = await _sender.SendAsync(EmailContentRendererTests.Delivery(), Ct);

        var accepted = Assert.IsType<EmailSendResult.Accepted>(result);
        var received = Assert.Single(_smtp.Messages);
        Assert.Equal(accepted.MessageId, received.MessageId);
        Assert.Equal("riskalerts.w-1=3Aemail=3A0=3Ac-1@riskalerts.example.cn", received.MessageId);
        Assert.Equal(["zhang.san@example.cn"], received.To);
        Assert.Equal("alerts@riskalerts.example.cn", received.From);
        Assert.Equal("风险预警中心", received.FromName);
        Assert.Equal("【严重】冒充客服退款诈骗高发", received.Subject);
        Assert.Equal("<https://alerts.example.cn/unsubscribe?delivery=w-1%3Aemail%3A0%3Ac-1&token=tok%2Fen%2B1>", received.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", received.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("请勿向陌生账户转账", received.TextBody, StringComparison.Ordinal);
        Assert.Contains("<h1", received.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("请勿向陌生账户转账", received.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resend_of_the_same_delivery_carries_the_same_message_id()
    {
        await _sender.SendAsync(EmailContentRendererTests.Delivery(), Ct);
        await _sender.SendAsync(EmailContentRendererTests.Delivery(), Ct);
        await _sender.SendAsync(EmailContentRendererTests.Delivery(id: "w-1:email:0:c-2"), Ct);

        var ids = _smtp.Messages.Select(m => m.MessageId).ToList();
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
    }

    [Fact]
    public async Task A_headline_with_a_script_tag_arrives_escaped_in_the_html_body()
    {
        var delivery = EmailContentRendererTests.Delivery();
        delivery = delivery with { Warning = delivery.Warning with { Headline = "<script>alert(1)</script>紧急" } };

        await _sender.SendAsync(delivery, Ct);

        var received = Assert.Single(_smtp.Messages);
        Assert.DoesNotContain("<script>", received.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;紧急", received.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("【严重】<script>alert(1)</script>紧急", received.Subject);
    }

    [Fact]
    public async Task Twenty_messages_share_one_connection()
    {
        for (var i = 0; i < 20; i++)
        {
            var result = await _sender.SendAsync(EmailContentRendererTests.Delivery(id: $"d-{i}", to: $"user{i}@example.cn"), Ct);
            Assert.IsType<EmailSendResult.Accepted>(result);
        }

        Assert.Equal(20, _smtp.Messages.Count);
        Assert.Equal(1, _smtp.ConnectionCount);
    }

    [Fact]
    public async Task Concurrent_sends_are_serialised_over_the_one_connection()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _sender.SendAsync(EmailContentRendererTests.Delivery(id: $"p-{i}", to: $"user{i}@example.cn"), Ct)));

        Assert.All(results, r => Assert.IsType<EmailSendResult.Accepted>(r));
        Assert.Equal(10, _smtp.Messages.Count);
        Assert.Equal(1, _smtp.ConnectionCount);
    }

    [Fact]
    public async Task A_recipient_refused_with_550_is_a_permanent_failure_and_the_connection_stays_usable()
    {
        _smtp.RejectRecipient("gone@example.cn");

        var refused = await _sender.SendAsync(EmailContentRendererTests.Delivery(id: "d-1", to: "gone@example.cn"), Ct);
        var next = await _sender.SendAsync(EmailContentRendererTests.Delivery(id: "d-2", to: "ok@example.cn"), Ct);

        Assert.Equal("550", Assert.IsType<EmailSendResult.PermanentFailure>(refused).Code);
        Assert.IsType<EmailSendResult.Accepted>(next);
        Assert.Equal(["ok@example.cn"], Assert.Single(_smtp.Messages).To);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_transient_failure()
    {
        var port = _smtp.Port;
        await using var sender = Sender(ClosedPort());

        var result = await sender.SendAsync(EmailContentRendererTests.Delivery(), Ct);

        Assert.IsType<EmailSendResult.TransientFailure>(result);
        Assert.NotEqual(0, port);
    }

    [Fact]
    public async Task Reconnects_when_the_kept_connection_was_lost()
    {
        await _sender.SendAsync(EmailContentRendererTests.Delivery(id: "before"), Ct);
        var port = _smtp.Port;
        await _smtp.DisposeAsync();
        _smtp = await LocalSmtpServer.StartAsync(port, Ct);

        var result = await _sender.SendAsync(EmailContentRendererTests.Delivery(id: "after"), Ct);

        Assert.IsType<EmailSendResult.Accepted>(result);
        Assert.Equal("after", Assert.Single(_smtp.Messages).MessageId!.Split('.', '@')[1]);
    }

    private static MailKitEmailSender Sender(int port)
    {
        var options = MsOptions.Create(EmailContentRendererTests.Options(port));
        return new MailKitEmailSender(options, new EmailContentRenderer(options), NullLogger<MailKitEmailSender>.Instance);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
