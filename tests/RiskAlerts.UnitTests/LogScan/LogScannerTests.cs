using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Warnings;
using RiskAlerts.LogScan;

namespace RiskAlerts.UnitTests.LogScan;

public sealed class LogScannerTests
{
    private readonly LogScanner _scanner = new(["riskalerts.test"]);

    [Theory]
    [InlineData("SMS to +8613812345678 accepted", "phone", "+86 138****5678")]
    [InlineData("SMS to 13812345678 accepted", "phone", "138******78")]
    [InlineData("{\"Mobile\":\"19912345678\"}", "phone", "199******78")]
    [InlineData("phone=8613912345678;", "phone", "861********78")]
    [InlineData("联系人电话13712345678请核实", "phone", "137******78")]
    [InlineData("Email accepted for zhang.san@example.com", "email", "z***@example.com")]
    [InlineData("To: <c1234567@example.com>", "email", "c***@example.com")]
    [InlineData("System.FormatException: 'li-si+alerts@corp.example.cn' is not valid", "email", "l***@corp.example.cn")]
    public void FindsUnmaskedContactDataAndReportsItMasked(string line, string kind, string masked)
    {
        var finding = Assert.Single(_scanner.Scan(line));

        Assert.Equal((kind, masked), finding);
    }

    [Fact]
    public void FindsEveryNumberAndAddressInALine()
    {
        Assert.Equal(3, _scanner.Scan("contacts +8613812345678, 13912345678 and a@example.com").Count());
    }

    [Theory]
    [InlineData("+8613812345678")]
    [InlineData("+8619912345678")]
    [InlineData("+85291234567")]
    public void DoesNotFindTheCoreMaskOfANumber(string e164)
    {
        Assert.Empty(_scanner.Scan($"Delivery to {PersonalDataMask.MaskPhone(e164)} sent"));
        Assert.Empty(_scanner.Scan(PersonalDataMask.MaskText($"free text with {e164} and {e164[3..]} in it")));
    }

    [Theory]
    [InlineData("SMS batch to 138****5678, 139****0000 accepted")] // the channels' mask
    [InlineData("Email for delivery p1:r1 to z***@example.com refused")]
    [InlineData("+86 138****5678")]
    public void DoesNotFindMaskedForms(string line)
    {
        Assert.Empty(_scanner.Scan(line));
    }

    [Fact]
    public void DoesNotFindMaskedEmails()
    {
        Assert.Empty(_scanner.Scan($"accepted for {PersonalDataMask.MaskEmail("zhang.san@example.com")}"));
    }

    [Fact]
    public void DoesNotFindCreditCodesWarningIdsOrGuids()
    {
        var uscc = UnifiedSocialCreditCode.FromFirst17("91650102138123456");
        var warningId = WarningId.New(DateTimeOffset.Parse("2026-11-27T18:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Empty(_scanner.Scan($"Enterprise {uscc} registered; warning {warningId} planned"));
        Assert.Empty(_scanner.Scan("message 00000000-0000-0000-0000-013812345678 and a13812345678b"));
    }

    [Theory]
    [InlineData("2026-11-27 18:14:36.123 [INF] RiskAlerts: started {\"EventId\":{\"Id\":13812}}")]
    [InlineData("enqueued at 1764267276123 (unix ms), ticks 638999138123456789")]
    [InlineData("SequenceNumber 4611686018427387904, delivery 2")]
    [InlineData("Batch sms_13812345678x took 12 ms")]
    [InlineData("offset +08:00, +0800")]
    public void DoesNotFindTimestampsOrSequenceNumbers(string line)
    {
        Assert.Empty(_scanner.Scan(line));
    }

    [Fact]
    public void TheProductsOwnAddressesAreAllowed()
    {
        Assert.Empty(_scanner.Scan("Email riskalerts.p1=3Ar1@riskalerts.test from alerts@riskalerts.test accepted"));
        Assert.Single(_scanner.Scan("from someone@riskalerts.test.example.com"));
    }

    [Fact]
    public void ScanningAFolderCountsLinesAndNamesFileAndLine()
    {
        var folder = Directory.CreateTempSubdirectory("logscan-").FullName;
        try
        {
            File.WriteAllLines(Path.Combine(folder, "a.log"), ["clean", "to +8613812345678", "clean"]);
            Directory.CreateDirectory(Path.Combine(folder, "nested"));
            File.WriteAllLines(Path.Combine(folder, "nested", "b.log"), ["x@example.com"]);
            File.WriteAllLines(Path.Combine(folder, "ignored.txt"), ["13812345678"]);

            var result = _scanner.ScanFolder(folder);

            Assert.Equal(2, result.Files);
            Assert.Equal(4, result.Lines);
            Assert.Equal(
                [$"{Path.Combine(folder, "a.log")}:2: unmasked phone +86 138****5678", $"{Path.Combine(folder, "nested", "b.log")}:1: unmasked email x***@example.com"],
                result.Findings.Select(f => f.ToString()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AMissingFolderHasNothingInIt()
    {
        var result = _scanner.ScanFolder(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")));

        Assert.Equal((0, 0L), (result.Files, result.Lines));
    }
}
