using System.Text;
using Microsoft.AspNetCore.Http;
using RiskAlerts.Core.Deliveries.Email;
using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Deliveries.Send;
using RiskAlerts.Functions.Http;

namespace RiskAlerts.Functions.Acknowledgements;

/// <summary>The acknowledge page: the warning as the email showed it, the reference, and the confirm button or the confirmation.</summary>
internal static class AcknowledgementPages
{
    public static HtmlPageResult Page(AcknowledgementPage page, bool confirmed)
    {
        var warning = page.Link.Warning;
        var body = new StringBuilder()
            .Append("<h1 style=\"font-size:20px\">").Append(HtmlPageResult.Encode(warning.Headline)).Append("</h1>")
            .Append("<p><strong>预警级别：</strong>").Append(HtmlPageResult.Encode(EmailWarning.SeverityText(SendEmailBatchHandler.ToAlertSeverity(warning.Severity)))).Append("</p>")
            .Append("<p>").Append(HtmlPageResult.Encode(warning.Description)).Append("</p>");
        if (!string.IsNullOrWhiteSpace(warning.Instruction))
        {
            body.Append("<p><strong>应对建议：</strong>").Append(HtmlPageResult.Encode(warning.Instruction)).Append("</p>");
        }

        if (page.Reference is { } reference)
        {
            body.Append("<p>确认码：<strong data-reference>").Append(HtmlPageResult.Encode(reference)).Append("</strong>（也可将确认码以短信回复）</p>");
        }

        if (page.Existing is { } existing)
        {
            body.Append("<p data-acknowledged>").Append(confirmed ? "已确认收到本预警，谢谢。" : "您已确认收到本预警。")
                .Append("确认时间：").Append(HtmlPageResult.Encode(existing.At.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))).Append("（北京时间）</p>");
        }
        else
        {
            // The form posts back to this same address (delivery and token in its query).
            body.Append("<form method=\"post\"><button type=\"submit\" style=\"font-size:16px;padding:.5em 1.5em\">确认已收到本预警</button></form>");
        }

        return new HtmlPageResult(StatusCodes.Status200OK, "确认收到预警", body.ToString());
    }
}
