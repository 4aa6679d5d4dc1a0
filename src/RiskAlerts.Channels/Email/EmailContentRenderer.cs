using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Options;

namespace RiskAlerts.Channels.Email;

/// <summary>
/// Renders a warning email in zh-CN: an HTML and a plain-text body with the headline, the
/// severity in plain Chinese, description, instruction, an acknowledge link and an unsubscribe link.
/// </summary>
/// <remarks>Every value from input is HTML-escaped: warnings come from outside and end up in mail clients.</remarks>
public sealed class EmailContentRenderer
{
    // Escapes markup characters but leaves Chinese readable in the source of the mail.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly EmailOptions _options;

    /// <summary>Creates the renderer.</summary>
    public EmailContentRenderer(IOptions<EmailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <summary>The severity as shown to readers: 特别严重, 严重, 较重, 一般 or 未知.</summary>
    public static string SeverityText(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Extreme => "特别严重",
        AlertSeverity.Severe => "严重",
        AlertSeverity.Moderate => "较重",
        AlertSeverity.Minor => "一般",
        _ => "未知",
    };

    /// <summary>Renders the email for one delivery.</summary>
    public EmailContent Render(EmailDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var warning = delivery.Warning;
        var severity = SeverityText(warning.Severity);
        var acknowledge = WithQuery(_options.AcknowledgeBaseUrl!, delivery);
        var unsubscribe = WithQuery(_options.UnsubscribeBaseUrl!, delivery);
        var subject = $"【{severity}】{SingleLine(warning.Headline)}";

        var text = new StringBuilder()
            .AppendLine(warning.Headline)
            .AppendLine()
            .Append("预警级别：").AppendLine(severity)
            .AppendIfPresent("发布单位：", warning.Issuer)
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

internal static class StringBuilderExtensions
{
    public static StringBuilder AppendIfPresent(this StringBuilder builder, string label, string? value) =>
        string.IsNullOrWhiteSpace(value) ? builder : builder.Append(label).AppendLine(value);
}
