using RiskAlerts.Channels.Email;
using RiskAlerts.Core.Deliveries.Email;

namespace RiskAlerts.Channels.Tests.Email;

public sealed class EmailContentRendererTests
{
    internal static EmailOptions Options(int port = 25) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        FromAddress = "alerts@riskalerts.example.cn",
        FromDisplayName = "风险预警中心",
        AcknowledgeBaseUrl = new Uri("https://alerts.example.cn/ack"),
        UnsubscribeBaseUrl = new Uri("https://alerts.example.cn/unsubscribe"),
        Timeout = TimeSpan.FromSeconds(5),
    };

    internal static EmailDelivery Delivery(string id = "w-1:email:0:c-1", string to = "zhang.san@example.cn", string headline = "冒充客服退款诈骗高发") => new(
        id,
        to,
        "张三",
        new EmailWarning("w-1", headline, AlertSeverity.Severe, "近期多起冒充电商客服以退款为名的诈骗。\n涉案金额较大。", "请勿点击陌生链接，请勿向陌生账户转账。", "市反诈中心"),
        "tok/en+1");

    [Theory]
    [InlineData(AlertSeverity.Extreme, "特别严重")]
    [InlineData(AlertSeverity.Severe, "严重")]
    [InlineData(AlertSeverity.Moderate, "较重")]
    [InlineData(AlertSeverity.Minor, "一般")]
    [InlineData(AlertSeverity.Unknown, "未知")]
    public void Shows_severity_plainly_in_chinese(AlertSeverity severity, string expected) =>
        Assert.Equal(expected, EmailWarning.SeverityText(severity));

    [Fact]
    public void Both_bodies_carry_headline_severity_description_instruction_and_both_links()
    {
        var content = Renderer().Render(Delivery());

        Assert.Equal("【严重】冒充客服退款诈骗高发", content.Subject);
        foreach (var body in new[] { content.TextBody, content.HtmlBody })
        {
            Assert.Contains("冒充客服退款诈骗高发", body, StringComparison.Ordinal);
            Assert.Contains("严重", body, StringComparison.Ordinal);
            Assert.Contains("涉案金额较大", body, StringComparison.Ordinal);
            Assert.Contains("请勿向陌生账户转账", body, StringComparison.Ordinal);
            Assert.Contains("市反诈中心", body, StringComparison.Ordinal);
        }

        Assert.Equal("https://alerts.example.cn/ack?delivery=w-1%3Aemail%3A0%3Ac-1&token=tok%2Fen%2B1", content.AcknowledgeUrl?.AbsoluteUri);
        Assert.Equal("https://alerts.example.cn/unsubscribe?delivery=w-1%3Aemail%3A0%3Ac-1&token=tok%2Fen%2B1", content.UnsubscribeUrl?.AbsoluteUri);
        Assert.Contains(content.AcknowledgeUrl!.AbsoluteUri, content.TextBody, StringComparison.Ordinal);
        Assert.Contains(content.UnsubscribeUrl!.AbsoluteUri, content.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://alerts.example.cn/ack?delivery=w-1%3Aemail%3A0%3Ac-1&amp;token=tok%2Fen%2B1\"", content.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<br>", content.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_link_settings_an_email_carries_no_url_and_says_where_receiving_is_changed()
    {
        var options = Options();
        options.AcknowledgeBaseUrl = null;
        options.UnsubscribeBaseUrl = null;

        var content = new EmailContentRenderer(Microsoft.Extensions.Options.Options.Create(options)).Render(Delivery());

        Assert.Null(content.AcknowledgeUrl);
        Assert.Null(content.UnsubscribeUrl);
        foreach (var body in new[] { content.TextBody, content.HtmlBody })
        {
            Assert.DoesNotContain("http", body, StringComparison.Ordinal);
            Assert.DoesNotContain("href", body, StringComparison.Ordinal);
            Assert.Contains("请勿向陌生账户转账", body, StringComparison.Ordinal);
            Assert.Contains(EmailContentRenderer.ReceivingSettingsNotice, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Escapes_markup_from_input_in_the_html_body()
    {
        var delivery = Delivery(headline: "<script>alert('x')</script> & \"退款\"") with
        {
            Warning = Delivery().Warning with { Headline = "<script>alert('x')</script> & \"退款\"", Description = "<img src=x onerror=alert(1)>" },
        };

        var content = Renderer().Render(delivery);

        Assert.DoesNotContain("<script>", content.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", content.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", content.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&amp;", content.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<script>alert('x')</script>", content.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_the_subject_on_one_line()
    {
        var delivery = Delivery() with { Warning = Delivery().Warning with { Headline = "第一行\r\n第二行" } };

        Assert.Equal("【严重】第一行 第二行", Renderer().Render(delivery).Subject);
    }

    public static TheoryData<string, string> BaseUrls => new()
    {
        { "https://alerts.example.cn/ack", "https://alerts.example.cn/unsubscribe" },
        { "https://alerts.example.cn:8443/api/acknowledge?lang=zh-CN", "http://localhost:7071/api/unsubscribe?" },
        { "https://alerts.example.cn/a+b/ack#top", "https://alerts.example.cn/u?x=1&y=%E4%B8%AD#frag" },
        { "https://预警.example.cn/确认", "https://alerts.example.cn/unsubscribe/" },
    };

    [Theory]
    [MemberData(nameof(BaseUrls))]
    public void Renders_every_email_exactly_as_rendering_it_from_scratch_does(string acknowledgeBase, string unsubscribeBase)
    {
        var options = Options();
        options.AcknowledgeBaseUrl = new Uri(acknowledgeBase);
        options.UnsubscribeBaseUrl = new Uri(unsubscribeBase);
        var renderer = new EmailContentRenderer(Microsoft.Extensions.Options.Options.Create(options));
        var warning = Delivery().Warning;
        var warnings = new[]
        {
            warning,
            warning with { Issuer = null, Headline = "第一行\r\n第二行 <b>&</b>" },
            warning with { Issuer = " ", Description = "一\r\n二\r三\n\n四", Instruction = string.Empty, Severity = AlertSeverity.Unknown },
        };
        var ids = new[] { "w-1:email:0:c-1", "张三 & 李四", "a%20b#c?d=e", "+/=~._-", "\u00e9\ud83d\ude00" };
        var tokens = new[] { "tok/en+1", null, string.Empty, "a&b=c d" };

        foreach (var w in warnings)
        {
            foreach (var id in ids)
            {
                foreach (var token in tokens)
                {
                    // Twice each: the second comes from the kept bodies.
                    var delivery = new EmailDelivery(id, "zhang.san@example.cn", "张三", w, token);
                    var expected = ReferenceEmailRendering.Render(options, delivery);
                    Assert.Equal(expected, renderer.Render(delivery));
                    Assert.Equal(expected, renderer.Render(delivery with { Warning = w with { } }));
                }
            }
        }
    }

    [Fact]
    public void A_warning_corrected_under_the_same_id_is_rendered_afresh()
    {
        var renderer = Renderer();
        var first = renderer.Render(Delivery());

        var corrected = renderer.Render(Delivery() with { Warning = Delivery().Warning with { Headline = "更正：冒充客服诈骗" } });

        Assert.Contains("冒充客服退款诈骗高发", first.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("【严重】更正：冒充客服诈骗", corrected.Subject);
        Assert.DoesNotContain("冒充客服退款诈骗高发", corrected.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("更正：冒充客服诈骗", corrected.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_the_bodies_of_a_bounded_number_of_warnings()
    {
        var renderer = Renderer();

        for (var i = 0; i < EmailContentRenderer.CachedWarnings * 3; i++)
        {
            var delivery = Delivery() with { Warning = Delivery().Warning with { WarningId = $"w-{i}" } };
            Assert.Equal(ReferenceEmailRendering.Render(Options(), delivery), renderer.Render(delivery));
        }

        Assert.Equal(EmailContentRenderer.CachedWarnings, renderer.CachedWarningCount);
    }

    private static EmailContentRenderer Renderer() => new(Microsoft.Extensions.Options.Options.Create(Options()));
}
