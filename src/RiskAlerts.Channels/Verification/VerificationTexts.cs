using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using RiskAlerts.Core.Registrations.Verification;

namespace RiskAlerts.Channels.Verification;

/// <summary>The zh-CN texts of a verification SMS and email.</summary>
internal static class VerificationTexts
{
    /// <summary>The verification email's subject.</summary>
    public const string EmailSubject = "【风险预警】请验证您的邮箱";

    private const string NotYou = "如非本人操作，请忽略本邮件。";

    // Escapes markup characters but leaves Chinese readable in the source of the mail.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// How long the code works, in whole minutes rounded up (at least 1): the challenge's lifetime,
    /// not what is left of it, so that a repeated send says the same as the first.
    /// </summary>
    public static int Minutes(VerificationChallenge challenge)
    {
        var ticks = Math.Max(0, (challenge.ExpiresAt - challenge.IssuedAt).Ticks);
        return (int)Math.Max(1, (ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute);
    }

    /// <summary>The SMS as the recipient reads it, signature first; no opt-out wording, as it is no broadcast.</summary>
    public static string Sms(string signature, string code, int minutes) =>
        $"【{signature}】您正在验证接收风险预警的手机号，验证码{code}，{minutes.ToString(CultureInfo.InvariantCulture)}分钟内有效。如非本人操作，请忽略本短信。";

    /// <summary>The plain-text body of the email.</summary>
    public static string EmailText(string? name, string code, int minutes, string? link)
    {
        var text = new StringBuilder()
            .Append(Greeting(name)).AppendLine()
            .AppendLine()
            .Append("您正在验证接收风险预警的邮箱。验证码：").Append(code)
            .Append('，').Append(minutes.ToString(CultureInfo.InvariantCulture)).AppendLine("分钟内有效。")
            .AppendLine();
        if (link is not null)
        {
            text.AppendLine("也可以打开以下链接完成验证：").AppendLine(link).AppendLine();
        }

        return text.AppendLine(NotYou).ToString();
    }

    /// <summary>The HTML body of the email; the name, the only value from input, is escaped.</summary>
    public static string EmailHtml(string? name, string code, int minutes, string? link)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(Html.Encode(EmailSubject)).Append("</title></head>")
            .Append("<body style=\"font-family:'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#222\">")
            .Append("<p>").Append(Html.Encode(Greeting(name))).Append("</p>")
            .Append("<p>您正在验证接收风险预警的邮箱。验证码：</p>")
            .Append("<p style=\"font-size:24px;font-weight:bold;letter-spacing:4px\">").Append(Html.Encode(code)).Append("</p>")
            .Append("<p>").Append(minutes.ToString(CultureInfo.InvariantCulture)).Append("分钟内有效。</p>");
        if (link is not null)
        {
            html.Append("<p>也可以<a href=\"").Append(Html.Encode(link)).Append("\">点击此处完成验证</a>。</p>");
        }

        return html.Append("<hr><p style=\"font-size:12px;color:#666\">").Append(NotYou).Append("</p></body></html>").ToString();
    }

    /// <summary>The confirmation page's address with the token added to whatever query it has.</summary>
    public static string Link(Uri baseUrl, string token)
    {
        var builder = new UriBuilder(baseUrl);
        var query = "token=" + Uri.EscapeDataString(token);
        builder.Query = string.IsNullOrEmpty(builder.Query) || builder.Query == "?" ? query : builder.Query.TrimStart('?') + "&" + query;
        return builder.Uri.AbsoluteUri;
    }

    private static string Greeting(string? name) => string.IsNullOrWhiteSpace(name) ? "您好：" : name.Trim() + "，您好：";
}
