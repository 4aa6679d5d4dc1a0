using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Core.Warnings.Evidence;

namespace RiskAlerts.UnitTests.Warnings;

public sealed class EvidenceCsvTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 27, 11, 4, 5, TimeSpan.FromHours(8));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"no\"", "\"say \"\"no\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData(" 前后空格 ", " 前后空格 ")]
    public void AFieldIsQuotedExactlyWhenItHoldsACommaAQuoteOrALineBreak(string? value, string expected) =>
        Assert.Equal(expected, EvidenceCsv.Field(value));

    [Fact]
    public void TimesAreUtcWithSevenFractionalDigits() =>
        Assert.Equal("2026-01-27T03:04:05.0000000Z", EvidenceCsv.Time(At));

    [Fact]
    public async Task TheFileIsAByteOrderMarkTheLinesAndADigestLineOverExactlyTheLinesBetween()
    {
        var (bytes, digest) = await WriteAsync(Evidence(Recipients(3)));

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var lastLine = text[..^2].LastIndexOf("\r\n", StringComparison.Ordinal) + 2;
        Assert.Equal($"digest,,SHA-256,{digest}\r\n", text[lastLine..]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text[..lastLine]))), digest);
        var lines = text[..lastLine].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("record,version,name,value", lines[0]);
        Assert.Equal("format,,riskalerts-evidence/1,w-1", lines[1]);
        Assert.Contains("warning,w-1,headline,\"冒充客服, 退款诈骗\"", lines);
        Assert.Contains("trail,w-1,Approved,approver-1,2026-01-27T03:04:05.0000000Z,已核实", lines);
        Assert.Contains("text,w-1,sms,text,【风险预警】测试：冒充客服退款诈骗", lines);
        Assert.Equal(3, lines.Count(l => l.StartsWith("recipient,w-1,sms,", StringComparison.Ordinal)));
        Assert.Contains("count,w-1,sms,Delivered,3", lines);
    }

    [Fact]
    public async Task TheSameEvidenceGivesTheSameDigestAndJsonOrCsvAgreeOnIt()
    {
        var (_, first) = await WriteAsync(Evidence(Recipients(250)));
        var (_, second) = await WriteAsync(Evidence(Recipients(250)));
        using var shadowed = new ShadowOnly();

        var shadow = await EvidenceWriter.WriteAsync(Evidence(Recipients(250)), shadowed, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        Assert.Equal(first, shadow);
        Assert.Equal(250, shadowed.Recipients);
    }

    [Theory]
    [InlineData(nameof(EvidenceRecipient.MaskedAddress))]
    [InlineData(nameof(EvidenceRecipient.Status))]
    [InlineData(nameof(EvidenceRecipient.StatusAt))]
    [InlineData(nameof(EvidenceRecipient.SentAt))]
    [InlineData(nameof(EvidenceRecipient.Provider))]
    [InlineData(nameof(EvidenceRecipient.ProviderMessageId))]
    [InlineData(nameof(EvidenceRecipient.Reason))]
    [InlineData(nameof(EvidenceRecipient.Attempts))]
    public async Task ChangingAnyColumnOfAnyRecipientChangesTheDigest(string column)
    {
        var (_, original) = await WriteAsync(Evidence(Recipients(5)));
        for (var row = 0; row < 5; row++)
        {
            var recipients = Recipients(5);
            recipients[row] = column switch
            {
                nameof(EvidenceRecipient.MaskedAddress) => recipients[row] with { MaskedAddress = "+86 138****9999" },
                nameof(EvidenceRecipient.Status) => recipients[row] with { Status = DeliveryStatus.Undelivered },
                nameof(EvidenceRecipient.StatusAt) => recipients[row] with { StatusAt = recipients[row].StatusAt.AddTicks(1) },
                nameof(EvidenceRecipient.SentAt) => recipients[row] with { SentAt = null },
                nameof(EvidenceRecipient.Provider) => recipients[row] with { Provider = "backup" },
                nameof(EvidenceRecipient.ProviderMessageId) => recipients[row] with { ProviderMessageId = "m-x" },
                nameof(EvidenceRecipient.Reason) => recipients[row] with { Reason = "," },
                _ => recipients[row] with { Attempts = 1 },
            };

            var (_, changed) = await WriteAsync(Evidence(recipients));

            Assert.NotEqual(original, changed);
        }
    }

    private static async Task<(byte[] Bytes, string Digest)> WriteAsync(WarningEvidence evidence)
    {
        using var stream = new MemoryStream();
        using var csv = new EvidenceCsv(stream);
        var digest = await EvidenceWriter.WriteAsync(evidence, csv, TestContext.Current.CancellationToken);
        return (stream.ToArray(), digest);
    }

    private static List<EvidenceRecipient> Recipients(int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => new EvidenceRecipient(
            Channel.Sms, "91220101MA00000000", $"c{i}", $"+86 139****{i:D4}", "220102", DeliveryStatus.Delivered, At.AddSeconds(i + 1), At.AddSeconds(i), null, 0, "primary", $"m-{i}", null)),
    ];

    private static WarningEvidence Evidence(IReadOnlyList<EvidenceRecipient> recipients)
    {
        var warning = new Warning
        {
            Id = "w-1",
            Source = "analyst",
            Organisation = "test-centre",
            OrganisationName = "测试反诈中心",
            Headline = "冒充客服, 退款诈骗",
            Description = "d",
            Audience = new WarningAudience("telecom-fraud", Severity.Severe, [RegionCode.Parse("220102")], [], [], [Channel.Sms]),
            Urgency = Urgency.Immediate,
            Certainty = Certainty.Observed,
            EffectiveAt = At,
            ExpiresAt = At.AddDays(1),
            Language = "zh-CN",
            Status = WarningStatus.Delivering,
            AcceptedAt = At,
            SubmittedBy = "analyst-1",
        }.WithStep(WarningStepKind.Submitted, "analyst-1", At).WithStep(WarningStepKind.Approved, "approver-1", At, "已核实");
        return new WarningEvidence("w-1", [new EvidenceVersion(EvidenceVersion.Alert, warning, [new EvidenceText(Channel.Sms, "text", "【风险预警】测试：冒充客服退款诈骗")], Pages(recipients))]);
    }

    private static async IAsyncEnumerable<IReadOnlyList<EvidenceRecipient>> Pages(IReadOnlyList<EvidenceRecipient> recipients, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var page in recipients.Chunk(100))
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return page;
        }
    }

    /// <summary>A format that is not the CSV, so that the writer computes the digest beside it.</summary>
    private sealed class ShadowOnly : IEvidenceFormat, IDisposable
    {
        public int Recipients { get; private set; }

        public ValueTask BeginAsync(WarningEvidence evidence, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask VersionAsync(EvidenceVersion version, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask RecipientsAsync(EvidenceVersion version, IReadOnlyList<EvidenceRecipient> page, CancellationToken cancellationToken)
        {
            Recipients += page.Count;
            return ValueTask.CompletedTask;
        }

        public ValueTask VersionEndAsync(EvidenceVersion version, IReadOnlyList<EvidenceCount> counts, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask EndAsync(string sha256Hex, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void Dispose()
        {
        }
    }
}
