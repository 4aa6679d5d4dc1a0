using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using RiskAlerts.Channels.Email;
using RiskAlerts.Core.Deliveries.Email;

namespace RiskAlerts.Channels.Tests.Email;

/// <summary>
/// The email as it was rendered before bodies were kept per warning: every email from scratch.
/// The renderer must produce exactly this.
/// </summary>
internal static class ReferenceEmailRendering
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static EmailContent Render(EmailOptions options, EmailDelivery delivery)
    {
        var warning = delivery.Warning;
        var severity = EmailWarning.SeverityText(warning.Severity);
        var acknowledge = WithQuery(options.AcknowledgeBaseUrl!, delivery);
        var unsubscribe = WithQuery(options.UnsubscribeBaseUrl!, delivery);
        var subject = $"【{severity}】{SingleLine(warning.Headline)}";

        var text = new StringBuilder()
            .AppendLine(warning.Headline)
            .AppendLine()
            .Append("预警级别：").AppendLine(severity)
            .Append(string.IsNullOrWhiteSpace(warning.Issuer) ? string.Empty : "发布单位：" + warning.Issuer + Environment.NewLine)
            .AppendLine()
            .AppendLine("【预警内容】").AppendLine(warning.Description)
            .AppendLine()
            .AppendLine("【应对建议】").AppendLine(warning.Instruction)
            .AppendLine()
            .Append("请点击以下链接确认已收到本预警：").AppendLine(acknowledge.AbsoluteUri)
            .AppendLine()
            .Append("如不再接收此类预警邮件，请点击退订：").AppendLine(unsubscribe.AbsoluteUri)
            .ToString();

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(Html.Encode(subject)).Append("</title></head>")
            .Append("<body style=\"font-family:'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#222\">")
            .Append("<h1 style=\"font-size:20px\">").Append(Html.Encode(warning.Headline)).Append("</h1>")
            .Append("<p><strong>预警级别：</strong>").Append(Html.Encode(severity)).Append("</p>")
            .Append(warning.Issuer is { Length: > 0 } issuer ? $"<p><strong>发布单位：</strong>{Html.Encode(issuer)}</p>" : string.Empty)
            .Append("<h2 style=\"font-size:16px\">预警内容</h2><p>").Append(Paragraphs(warning.Description)).Append("</p>")
            .Append("<h2 style=\"font-size:16px\">应对建议</h2><p>").Append(Paragraphs(warning.Instruction)).Append("</p>")
            .Append("<p><a href=\"").Append(Html.Encode(acknowledge.AbsoluteUri)).Append("\">确认已收到本预警</a></p>")
            .Append("<hr><p style=\"font-size:12px;color:#666\">如不再接收此类预警邮件，请<a href=\"")
            .Append(Html.Encode(unsubscribe.AbsoluteUri)).Append("\">点击退订</a>。</p>")
            .Append("</body></html>")
            .ToString();

        return new EmailContent(subject, html, text, acknowledge, unsubscribe);
    }

    private static string Paragraphs(string value) =>
        string.Join("<br>", value.ReplaceLineEndings("\n").Split('\n').Select(line => Html.Encode(line)));

    private static string SingleLine(string value) => string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static Uri WithQuery(Uri baseUrl, EmailDelivery delivery)
    {
        var query = "delivery=" + Uri.EscapeDataString(delivery.DeliveryId)
            + (string.IsNullOrEmpty(delivery.LinkToken) ? string.Empty : "&token=" + Uri.EscapeDataString(delivery.LinkToken));
        var builder = new UriBuilder(baseUrl);
        builder.Query = string.IsNullOrEmpty(builder.Query) || builder.Query == "?" ? query : builder.Query.TrimStart('?') + "&" + query;
        return builder.Uri;
    }
}
