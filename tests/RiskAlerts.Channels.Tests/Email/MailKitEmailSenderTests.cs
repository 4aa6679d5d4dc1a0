using Microsoft.Extensions.Logging.Abstractions;
using RiskAlerts.Channels.Email;
using RiskAlerts.Core.Deliveries.Email;
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
    public async Task Without_link_settings_a_message_carries_no_unsubscribe_headers()
    {
        var settings = EmailContentRendererTests.Options(_smtp.Port);
        settings.AcknowledgeBaseUrl = null;
        settings.UnsubscribeBaseUrl = null;
        var options = MsOptions.Create(settings);
        await using var sender = new MailKitEmailSender(options, new EmailContentRenderer(options), NullLogger<MailKitEmailSender>.Instance);

        Assert.IsType<EmailSendResult.Accepted>(await sender.SendAsync(EmailContentRendererTests.Delivery(), Ct));

        var received = Assert.Single(_smtp.Messages);
        Assert.False(received.Headers.ContainsKey("List-Unsubscribe"));
        Assert.False(received.Headers.ContainsKey("List-Unsubscribe-Post"));
        Assert.Equal("w-1", received.Headers["X-RiskAlerts-Warning"]);
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
    public async Task With_one_connection_concurrent_sends_are_serialised_over_it()
    {
        await using var sender = Sender(_smtp.Port, connections: 1);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            sender.SendAsync(EmailContentRendererTests.Delivery(id: $"p-{i}", to: $"user{i}@example.cn"), Ct)));

        Assert.All(results, r => Assert.IsType<EmailSendResult.Accepted>(r));
        Assert.Equal(10, _smtp.Messages.Count);
        Assert.Equal(1, _smtp.ConnectionCount);
    }

    [Fact]
    public async Task Two_hundred_concurrent_sends_over_a_pool_of_four_arrive_once_each_over_four_connections()
    {
        await using var sender = Sender(_smtp.Port, connections: 4);
        var deliveries = Enumerable.Range(0, 200)
            .Select(i => EmailContentRendererTests.Delivery(id: $"w-1:email:{i / 100}:c-{i}", to: $"user{i}@example.cn"))
            .ToList();

        var results = await Task.WhenAll(deliveries.Select(d => sender.SendAsync(d, Ct)));

        var accepted = results.Select(r => Assert.IsType<EmailSendResult.Accepted>(r).MessageId).ToList();
        Assert.Equal(deliveries.Select(d => sender.MessageIdFor(d.DeliveryId)), accepted);
        Assert.Equal(200, accepted.Distinct().Count());

        var received = _smtp.Messages;
        Assert.Equal(200, received.Count);
        var byId = received.ToDictionary(m => m.MessageId!);
        foreach (var delivery in deliveries)
        {
            var email = byId[sender.MessageIdFor(delivery.DeliveryId)];
            Assert.Equal([delivery.ToAddress], email.To);

            // Each recipient's links are its own, though the bodies were rendered once.
            var query = "delivery=" + Uri.EscapeDataString(delivery.DeliveryId) + "&token=";
            Assert.Equal($"<https://alerts.example.cn/unsubscribe?{query}tok%2Fen%2B1>", email.Headers["List-Unsubscribe"]);
            Assert.Contains($"https://alerts.example.cn/ack?{query}tok%2Fen%2B1", email.TextBody, StringComparison.Ordinal);
            Assert.Contains($"https://alerts.example.cn/ack?{query.Replace("&", "&amp;", StringComparison.Ordinal)}tok%2Fen%2B1", email.HtmlBody, StringComparison.Ordinal);
        }

        Assert.Equal(4, sender.ConnectionsOpened);
        Assert.Equal(4, _smtp.ConnectionCount);
        Assert.True(_smtp.PeakOpenConnectionCount <= 4, $"{_smtp.PeakOpenConnectionCount} connections were open at once");
    }

    [Fact]
    public async Task Connections_the_server_dropped_are_replaced_and_the_pool_stays_within_its_size()
    {
        await using var sender = Sender(_smtp.Port, connections: 4);
        await SendManyAsync(sender, "first", 40);
        Assert.Equal(4, _smtp.ConnectionCount);

        // Each of the four fails once on its dropped connection and is reopened (one reconnect each).
        _smtp.DropConnections();
        var results = await SendManyAsync(sender, "after-drop", 40);

        Assert.All(results, r => Assert.IsType<EmailSendResult.Accepted>(r));
        Assert.Equal(80, _smtp.Messages.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(8, _smtp.ConnectionCount);
        Assert.Equal(8, sender.ConnectionsOpened);
    }

    [Fact]
    public async Task A_warmed_up_sender_has_one_connection_open_before_its_first_email_and_sends_over_it()
    {
        await using var sender = Sender(_smtp.Port, connections: 4);

        await sender.WarmUpAsync(Ct);
        await sender.WarmUpAsync(Ct);

        Assert.Equal(1, _smtp.ConnectionCount);
        Assert.Equal(1, _smtp.OpenConnectionCount);
        Assert.Empty(_smtp.Messages);
        Assert.IsType<EmailSendResult.Accepted>(await sender.SendAsync(EmailContentRendererTests.Delivery(), Ct));
        Assert.Single(_smtp.Messages);
        Assert.Equal(1, sender.ConnectionsOpened);
    }

    [Fact]
    public async Task A_sender_whose_server_is_not_there_at_start_fails_its_warm_up_and_then_sends_when_it_is()
    {
        var port = _smtp.Port;
        await _smtp.DisposeAsync();
        await using var sender = Sender(port);

        await Assert.ThrowsAnyAsync<Exception>(() => sender.WarmUpAsync(Ct));

        _smtp = await LocalSmtpServer.StartAsync(port, Ct);
        Assert.IsType<EmailSendResult.Accepted>(await sender.SendAsync(EmailContentRendererTests.Delivery(), Ct));
        Assert.Single(_smtp.Messages);
    }

    [Fact]
    public async Task A_kept_alive_connection_answers_and_carries_the_next_email_without_a_new_connect()
    {
        await using var sender = Sender(_smtp.Port, connections: 4);
        await sender.WarmUpAsync(Ct);

        Assert.Equal(1, await sender.KeepAliveAsync(Ct));

        Assert.Equal(1, _smtp.OpenConnectionCount);
        Assert.IsType<EmailSendResult.Accepted>(await sender.SendAsync(EmailContentRendererTests.Delivery(), Ct));
        Assert.Equal(1, sender.ConnectionsOpened);
        Assert.Equal(1, _smtp.ConnectionCount);
    }

    [Fact]
    public async Task Keeping_alive_connections_the_server_dropped_closes_them_and_opens_one_for_the_next_email()
    {
        await using var sender = Sender(_smtp.Port, connections: 4);
        await SendManyAsync(sender, "k", 8);
        var opened = sender.ConnectionsOpened;
        _smtp.DropConnections();
        await WaitUntilAsync(() => _smtp.OpenConnectionCount == 0);

        Assert.Equal(0, await sender.KeepAliveAsync(Ct));

        Assert.Equal(opened + 1, sender.ConnectionsOpened);
        Assert.Equal(1, _smtp.OpenConnectionCount);
        Assert.IsType<EmailSendResult.Accepted>(await sender.SendAsync(EmailContentRendererTests.Delivery(id: "after"), Ct));
        Assert.Equal(opened + 1, sender.ConnectionsOpened);
    }

    [Fact]
    public async Task Disposing_the_sender_ends_every_pooled_session()
    {
        var sender = Sender(_smtp.Port, connections: 4);
        await SendManyAsync(sender, "d", 20);
        Assert.Equal(4, _smtp.OpenConnectionCount);

        await sender.DisposeAsync();

        // QUIT is answered before the server closes its side: wait for it to get there.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (_smtp.OpenConnectionCount > 0 && !deadline.IsCancellationRequested)
        {
            await Task.Delay(10, Ct);
        }

        Assert.Equal(0, _smtp.OpenConnectionCount);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sender.SendAsync(EmailContentRendererTests.Delivery(), Ct));
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

    [Fact]
    public void Builds_each_message_exactly_as_setting_its_fields_one_by_one_does()
    {
        var options = EmailContentRendererTests.Options();
        var renderer = new EmailContentRenderer(MsOptions.Create(options));
        var warning = EmailContentRendererTests.Delivery().Warning;
        var deliveries = new[]
        {
            EmailContentRendererTests.Delivery(),
            EmailContentRendererTests.Delivery(id: "w-1:email:0:c-2", to: "li.si@example.cn") with { ToName = null },
            EmailContentRendererTests.Delivery(id: "w-1:email:0:c-3") with { ToName = "欧阳 “某某” 有限责任公司 法定代表人 联系人 <测试>" },
            EmailContentRendererTests.Delivery(id: "w-2:email:0:c-1") with { Warning = warning with { WarningId = "w-2", Headline = "【紧急】" + new string('骗', 60) + " <&> \"x\"" } },
        };

        foreach (var delivery in deliveries)
        {
            // Twice: the second copies the warning's headers prepared by the first.
            var expected = Serialised(ReferenceMessage(options, renderer, delivery));
            Assert.Equal(expected, Serialised(_sender.BuildMessage(delivery)));
            Assert.Equal(expected, Serialised(_sender.BuildMessage(delivery)));
        }
    }

    /// <summary>The message as it was built before its headers were prepared per warning.</summary>
    private MimeKit.MimeMessage ReferenceMessage(EmailOptions options, EmailContentRenderer renderer, EmailDelivery delivery)
    {
        var content = renderer.Render(delivery);
        var message = new MimeKit.MimeMessage
        {
            MessageId = _sender.MessageIdFor(delivery.DeliveryId),
            Subject = content.Subject,
            Body = new MimeKit.BodyBuilder { TextBody = content.TextBody, HtmlBody = content.HtmlBody }.ToMessageBody(),
        };
        message.From.Add(new MimeKit.MailboxAddress(options.FromDisplayName, options.FromAddress));
        message.To.Add(new MimeKit.MailboxAddress(delivery.ToName ?? string.Empty, delivery.ToAddress));
        message.Headers.Add("List-Unsubscribe", $"<{content.UnsubscribeUrl!.AbsoluteUri}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("X-RiskAlerts-Warning", delivery.Warning.WarningId);
        return message;
    }

    /// <summary>The message as it goes over SMTP, with the date and the multipart boundary (which differ every time) blanked.</summary>
    private static string Serialised(MimeKit.MimeMessage message)
    {
        using (message)
        {
            message.Prepare(MimeKit.EncodingConstraint.EightBit);
            var format = MimeKit.FormatOptions.Default.Clone();
            format.NewLineFormat = MimeKit.NewLineFormat.Dos;
            using var stream = new MemoryStream();
            message.WriteTo(format, stream);
            var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
            var boundary = ((MimeKit.Multipart)message.Body!).Boundary!;
            text = text.Replace(boundary, "BOUNDARY", StringComparison.Ordinal);
            return System.Text.RegularExpressions.Regex.Replace(text, "^Date: .*$", "Date: DATE", System.Text.RegularExpressions.RegexOptions.Multiline);
        }
    }

    private static MailKitEmailSender Sender(int port, int connections = 8)
    {
        var settings = EmailContentRendererTests.Options(port);
        settings.Connections = connections;
        var options = MsOptions.Create(settings);
        return new MailKitEmailSender(options, new EmailContentRenderer(options), NullLogger<MailKitEmailSender>.Instance);
    }

    private static Task<EmailSendResult[]> SendManyAsync(MailKitEmailSender sender, string prefix, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            sender.SendAsync(EmailContentRendererTests.Delivery(id: $"{prefix}-{i}", to: $"user{i}@example.cn"), Ct)));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition() && !deadline.IsCancellationRequested)
        {
            await Task.Delay(10, Ct);
        }
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
