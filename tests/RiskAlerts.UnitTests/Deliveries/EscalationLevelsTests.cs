using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Escalation;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.UnitTests.Deliveries;

public sealed class EscalationLevelsTests
{
    private static readonly UnifiedSocialCreditCode Uscc = UnifiedSocialCreditCode.FromFirst17("91220102MA0000000");

    [Fact]
    public void TheFirstDeliveryReachesTheLowestPrecedenceStepOneTheNextAndTheLastStepEveryoneLeft()
    {
        // Precedences 0, 0, 3, 5, 9 (two contacts share the first): 0 → 3 → {5, 9}.
        IReadOnlyList<MatchedRecipient> recipients = [Recipient("a", 0), Recipient("b", 0), Recipient("c", 3), Recipient("d", 5), Recipient("e", 9)];

        Assert.Equal(["a", "b"], EscalationLevels.At(recipients, 0).Select(r => r.ContactId));
        Assert.Equal(["c"], EscalationLevels.At(recipients, 1).Select(r => r.ContactId));
        Assert.Equal(["d", "e"], EscalationLevels.At(recipients, EscalationLevels.LastStep).Select(r => r.ContactId));
        Assert.Equal([true, true, false], new[] { 0, 1, 2 }.Select(step => EscalationLevels.HasStepAfter(recipients, step)));
    }

    [Fact]
    public void AnEnterpriseWhoseContactsShareOnePrecedenceHasNothingToEscalateTo()
    {
        IReadOnlyList<MatchedRecipient> recipients = [Recipient("a", 0, Channel.Sms), Recipient("a", 0, Channel.Email), Recipient("b", 0)];

        Assert.Equal(3, EscalationLevels.At(recipients, 0).Count());
        Assert.False(EscalationLevels.HasStepAfter(recipients, 0));
        Assert.Empty(EscalationLevels.At(recipients, 1));
    }

    [Fact]
    public void TwoPrecedencesEscalateOnceAndBothChannelsOfTheSecondContactGoTogether()
    {
        IReadOnlyList<MatchedRecipient> recipients = [Recipient("a", 0), Recipient("b", 1, Channel.Sms), Recipient("b", 1, Channel.Email)];

        Assert.Equal([Channel.Sms, Channel.Email], EscalationLevels.At(recipients, 1).Select(r => r.Channel));
        Assert.False(EscalationLevels.HasStepAfter(recipients, 1));
    }

    [Fact]
    public void TheBatcherCutsChecksOfAHundredEnterprisesPerDueTimeWithIdsThatDoNotDependOnTheRun()
    {
        var due = DateTimeOffset.Parse("2026-03-01T02:10:00Z", System.Globalization.CultureInfo.InvariantCulture);
        IReadOnlyList<EscalationBatch> Run()
        {
            var batcher = new EscalationBatcher("w1", TimeSpan.FromMinutes(10));
            var checks = new List<EscalationBatch>();
            for (var i = 0; i < 150; i++)
            {
                if (batcher.Add($"E{i:D3}", i % 3 == 0 ? due.AddHours(5) : due) is { } full)
                {
                    checks.Add(full);
                }
            }

            checks.AddRange(batcher.Flush());
            return checks;
        }

        var first = Run();

        Assert.Equal([(100, due), (50, due.AddHours(5))], first.Select(c => (c.Enterprises.Count, c.DueAt)));
        // Numbered in the order the due times first appear: the later one (enterprise 0) opened first.
        Assert.Equal(["w1:escalation:1", "w1:escalation:0"], first.Select(c => c.MessageId));
        Assert.All(first, c => Assert.Equal((1, TimeSpan.FromMinutes(10)), (c.Step, c.Window)));
        Assert.Equal(first.Select(c => (c.MessageId, string.Join(',', c.Enterprises))), Run().Select(c => (c.MessageId, string.Join(',', c.Enterprises))));
        Assert.Equal("w1:escalation:1:q202603010710:next", first[0].WaitUntil(due.AddHours(5), ["E001"]).Next(due, ["E001"]).MessageId);
    }

    private static MatchedRecipient Recipient(string contactId, int precedence, Channel channel = Channel.Email) =>
        new(Uscc, contactId, channel, contactId + "@example.com", MatchReason.Region, null, RegionCode.Parse("220102"), precedence);
}
