using System.Text;
using RiskAlerts.Core.Deliveries.Sms;

namespace RiskAlerts.UnitTests.Deliveries.Sms;

public sealed class SmsTemplateTests
{
    [Fact]
    public void Renders_signature_headline_instruction_and_default_opt_out()
    {
        var content = new SmsTemplate("反诈中心").Render("冒充客服退款诈骗高发", "请勿点击陌生链接");

        Assert.Equal("【反诈中心】冒充客服退款诈骗高发：请勿点击陌生链接回复TD退订", content.Text);
        Assert.Equal(1, content.Segments);
        Assert.False(content.Truncated);
    }

    [Fact]
    public void Keeps_the_lead_whole_before_the_headline_when_the_text_is_shortened()
    {
        var template = new SmsTemplate("风险预警", maxSegments: 1);
        var content = template.Render(new string('险', 40), new string('请', 40), "长春市反电信诈骗中心：");

        Assert.True(content.Truncated);
        Assert.StartsWith("【风险预警】长春市反电信诈骗中心：险", content.Text, StringComparison.Ordinal);
        Assert.EndsWith("回复TD退订", content.Text, StringComparison.Ordinal);
        Assert.Equal(1, content.Segments);
    }

    [Fact]
    public void Uses_the_configured_opt_out_wording()
    {
        var content = new SmsTemplate(new SmsTemplateOptions { Signature = "风险预警", OptOutWording = "拒收请回复R" }).Render("新型贷款诈骗", null);

        Assert.Equal("【风险预警】新型贷款诈骗拒收请回复R", content.Text);
    }

    [Fact]
    public void Collapses_whitespace_and_line_breaks_in_the_input()
    {
        var content = new SmsTemplate("反诈中心").Render("  冒充\n公检法  ", "\t挂断\r\n电话 ");

        Assert.Equal("冒充 公检法：挂断 电话", content.Body);
    }

    [Fact]
    public void Shortens_the_instruction_first_and_keeps_signature_and_opt_out_whole()
    {
        var template = new SmsTemplate("反诈中心", maxSegments: 2);
        var content = template.Render("冒充公检法诈骗高发", new string('请', 300));

        Assert.True(content.Truncated);
        Assert.Equal(2, content.Segments);
        Assert.StartsWith("【反诈中心】冒充公检法诈骗高发：请", content.Text, StringComparison.Ordinal);
        Assert.EndsWith("…回复TD退订", content.Text, StringComparison.Ordinal);
        // As long as fits: one more character would need a third segment.
        Assert.Equal(2 * SmsSegments.Ucs2PartLimit, content.Text.Length);
    }

    [Fact]
    public void Shortens_the_headline_when_even_without_instruction_it_does_not_fit()
    {
        var content = new SmsTemplate("反诈中心", maxSegments: 1).Render(new string('骗', 100), "请报警");

        Assert.True(content.Truncated);
        Assert.Equal(1, content.Segments);
        Assert.Equal(string.Empty, content.Instruction);
        Assert.Equal(SmsSegments.Ucs2SingleLimit, content.Text.Length);
        Assert.EndsWith("骗…回复TD退订", content.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_cuts_a_surrogate_pair_in_half()
    {
        var instruction = string.Concat(Enumerable.Repeat("\U0001F6A8", 100));
        var content = new SmsTemplate("反诈中心", maxSegments: 1).Render("警报", instruction);

        Assert.True(content.Truncated);
        Assert.DoesNotContain(content.Text.EnumerateRunes(), r => r == Rune.ReplacementChar);
    }
}
