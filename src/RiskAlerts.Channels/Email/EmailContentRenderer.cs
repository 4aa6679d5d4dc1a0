using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries.Email;

namespace RiskAlerts.Channels.Email;

/// <summary>
/// Renders a warning email in zh-CN: an HTML and a plain-text body with the headline, the
/// severity in plain Chinese, description, instruction, and, when <see cref="EmailOptions.HasLinks"/>, an
/// acknowledge link and an unsubscribe link; without them the email says where receiving is changed.
/// </summary>
/// <remarks>
/// <para>Every value from input is HTML-escaped: warnings come from outside and end up in mail clients.</para>
/// <para>
/// A broadcast sends the same warning to thousands of contacts and only the two links differ, so
/// the bodies are rendered once per warning (kept for the <see cref="CachedWarnings"/> warnings used
/// last, keyed by the whole warning, so a corrected text under the same id renders afresh) and each
/// delivery only puts its links between the rendered pieces.
/// </para>
/// </remarks>
public sealed class EmailContentRenderer
{
    /// <summary>How many warnings' rendered bodies are kept.</summary>
    public const int CachedWarnings = 32;

    // Escapes markup characters but leaves Chinese readable in the source of the mail.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The closing line of an email without links: the enterprise changes its contacts' channels.</summary>
    internal const string ReceivingSettingsNotice = "如不再接收此类预警邮件，请由贵单位在风险预警平台修改联系人的接收设置。";

    private readonly LinkTemplate? _acknowledge;
    private readonly LinkTemplate? _unsubscribe;
    private readonly BoundedCache<EmailWarning, RenderedWarning> _rendered = new(CachedWarnings);

    /// <summary>Creates the renderer.</summary>
    public EmailContentRenderer(IOptions<EmailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Value.HasLinks)
        {
            _acknowledge = new LinkTemplate(options.Value.AcknowledgeBaseUrl!);
            _unsubscribe = new LinkTemplate(options.Value.UnsubscribeBaseUrl!);
        }
    }

    /// <summary>Warnings whose rendered bodies are kept now (at most <see cref="CachedWarnings"/>).</summary>
    internal int CachedWarningCount => _rendered.Count;

    /// <summary>Renders the email for one delivery.</summary>
    public EmailContent Render(EmailDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (_acknowledge is null || _unsubscribe is null)
        {
            var plain = _rendered.GetOrAdd(delivery.Warning, RenderWarningWithoutLinks);
            return new EmailContent(plain.Subject, plain.HtmlBeforeAcknowledge, plain.TextBeforeAcknowledge, null, null);
        }

        var rendered = _rendered.GetOrAdd(delivery.Warning, RenderWarning);
        var query = LinkQuery(delivery);
        var acknowledge = _acknowledge.With(query);
        var unsubscribe = _unsubscribe.With(query);
        return new EmailContent(
            rendered.Subject,
            string.Concat(rendered.HtmlBeforeAcknowledge, Html.Encode(acknowledge), rendered.HtmlBetweenLinks, Html.Encode(unsubscribe), rendered.HtmlAfterUnsubscribe),
            string.Concat(rendered.TextBeforeAcknowledge, acknowledge, rendered.TextBetweenLinks, unsubscribe, rendered.TextAfterUnsubscribe),
            new Uri(acknowledge),
            new Uri(unsubscribe));
    }

    /// <summary>Everything of the email but the links, which cut each body into three pieces.</summary>
    private static RenderedWarning RenderWarning(EmailWarning warning)
    {
        var (subject, text, html) = RenderContent(warning);
        var textBeforeAcknowledge = text.Append("请点击以下链接确认已收到本预警：").ToString();
        var textBetweenLinks = new StringBuilder()
            .AppendLine()
            .AppendLine()
            .Append("如不再接收此类预警邮件，请点击退订：")
            .ToString();
        var htmlBeforeAcknowledge = html.Append("<p><a href=\"").ToString();
        const string htmlBetweenLinks = "\">确认已收到本预警</a></p><hr><p style=\"font-size:12px;color:#666\">如不再接收此类预警邮件，请<a href=\"";
        const string htmlAfterUnsubscribe = "\">点击退订</a>。</p></body></html>";

        return new RenderedWarning(subject, textBeforeAcknowledge, textBetweenLinks, Environment.NewLine, htmlBeforeAcknowledge, htmlBetweenLinks, htmlAfterUnsubscribe);
    }

    /// <summary>The whole email when it carries no links, kept in the pieces before the first link.</summary>
    private static RenderedWarning RenderWarningWithoutLinks(EmailWarning warning)
    {
        var (subject, text, html) = RenderContent(warning);
        return new RenderedWarning(
            subject,
            text.AppendLine(ReceivingSettingsNotice).ToString(),
            string.Empty,
            string.Empty,
            html.Append("<hr><p style=\"font-size:12px;color:#666\">").Append(ReceivingSettingsNotice).Append("</p></body></html>").ToString(),
            string.Empty,
            string.Empty);
    }

    /// <summary>The subject, and the text and HTML bodies up to where the links or the notice follow.</summary>
    private static (string Subject, StringBuilder Text, StringBuilder Html) RenderContent(EmailWarning warning)
    {
        var severity = EmailWarning.SeverityText(warning.Severity);
        var subject = warning.Subject;
        var text = new StringBuilder()
            .AppendLine(warning.Headline)
            .AppendLine()
            .Append("预警级别：").AppendLine(severity)
            .AppendIfPresent("发布单位：", warning.Issuer)
            .AppendLine()
            .AppendLine("【预警内容】").AppendLine(warning.Description)
            .AppendLine()
            .AppendLine("【应对建议】").AppendLine(warning.Instruction)
            .AppendLine();
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(Html.Encode(subject)).Append("</title></head>")
            .Append("<body style=\"font-family:'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#222\">")
            .Append("<h1 style=\"font-size:20px\">").Append(Html.Encode(warning.Headline)).Append("</h1>")
            .Append("<p><strong>预警级别：</strong>").Append(Html.Encode(severity)).Append("</p>")
            .Append(warning.Issuer is { Length: > 0 } issuer ? $"<p><strong>发布单位：</strong>{Html.Encode(issuer)}</p>" : string.Empty)
            .Append("<h2 style=\"font-size:16px\">预警内容</h2><p>").Append(Paragraphs(warning.Description)).Append("</p>")
            .Append("<h2 style=\"font-size:16px\">应对建议</h2><p>").Append(Paragraphs(warning.Instruction)).Append("</p>");
        return (subject, text, html);
    }

    private static string Paragraphs(string value) =>
        string.Join("<br>", value.ReplaceLineEndings("\n").Split('\n').Select(line => Html.Encode(line)));

    private static string LinkQuery(EmailDelivery delivery) =>
        "delivery=" + Uri.EscapeDataString(delivery.DeliveryId)
        + (string.IsNullOrEmpty(delivery.LinkToken) ? string.Empty : "&token=" + Uri.EscapeDataString(delivery.LinkToken));

    private sealed record RenderedWarning(
        string Subject,
        string TextBeforeAcknowledge,
        string TextBetweenLinks,
        string TextAfterUnsubscribe,
        string HtmlBeforeAcknowledge,
        string HtmlBetweenLinks,
        string HtmlAfterUnsubscribe);

    /// <summary>
    /// A base URL with the delivery's query added, as <see cref="UriBuilder"/> writes it (after a
    /// query the base URL has, before its fragment), worked out once: the query added is made of
    /// escaped data only, which <see cref="Uri"/> leaves as it is, so it is placed between a prefix
    /// and a suffix taken from the base URL with a marker query.
    /// </summary>
    private sealed class LinkTemplate
    {
        private const string Marker = "riskalertslinkquery";

        private readonly Uri _baseUrl;
        private readonly string? _prefix;
        private readonly string? _suffix;

        public LinkTemplate(Uri baseUrl)
        {
            _baseUrl = baseUrl;
            var marked = Build(baseUrl, Marker);
            var at = marked.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0 && marked.IndexOf(Marker, at + Marker.Length, StringComparison.Ordinal) < 0)
            {
                _prefix = marked[..at];
                _suffix = marked[(at + Marker.Length)..];
            }
        }

        public string With(string query) => _prefix is null ? Build(_baseUrl, query) : string.Concat(_prefix, query, _suffix);

        private static string Build(Uri baseUrl, string query)
        {
            var builder = new UriBuilder(baseUrl);
            builder.Query = string.IsNullOrEmpty(builder.Query) || builder.Query == "?" ? query : builder.Query.TrimStart('?') + "&" + query;
            return builder.Uri.AbsoluteUri;
        }
    }
}

internal static class StringBuilderExtensions
{
    public static StringBuilder AppendIfPresent(this StringBuilder builder, string label, string? value) =>
        string.IsNullOrWhiteSpace(value) ? builder : builder.Append(label).AppendLine(value);
}
