using RiskAlerts.Channels.Email;

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
        Assert.Equal(expected, EmailContentRenderer.SeverityText(severity));

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

        Assert.Equal("https://alerts.example.cn/ack?delivery=w-1%3Aemail%3A0%3Ac-1&token=tok%2Fen%2B1", content.AcknowledgeUrl.AbsoluteUri);
        Assert.Equal("https://alerts.example.cn/unsubscribe?delivery=w-1%3Aemail%3A0%3Ac-1&token=tok%2Fen%2B1", content.UnsubscribeUrl.AbsoluteUri);
        Assert.Contains(content.AcknowledgeUrl.AbsoluteUri, content.TextBody, StringComparison.Ordinal);
        Assert.Contains(content.UnsubscribeUrl.AbsoluteUri, content.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://alerts.example.cn/ack?delivery=w-1%3Aemail%3A0%3Ac-1&amp;token=tok%2Fen%2B1\"", content.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<br>", content.HtmlBody, StringComparison.Ordinal);
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

    private static EmailContentRenderer Renderer() => new(Microsoft.Extensions.Options.Options.Create(Options()));
}
