using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Subscriptions;
using RiskAlerts.Core.Validation;
using static RiskAlerts.UnitTests.Matching.TestSubscribers;

namespace RiskAlerts.UnitTests.Subscriptions;

public sealed class SubscriberValidatorTests
{
    private static FieldErrors Validate(Subscriber subscriber) =>
        SubscriberValidator.Validate(subscriber, RegionCatalog.Default, WarningCategoryCatalog.Default);

    private static string ReasonFor(FieldErrors errors, string field) =>
        Assert.Single(errors, e => e.Field == field).Reason;

    [Fact]
    public void AcceptsAWellFormedSubscription() => Assert.Empty(Validate(Subscriber(1)));

    [Fact]
    public void AcceptsTheDefaultPreferences()
    {
        var subscriber = Subscriber(1);
        var preferences = SubscriptionPreferences.DefaultFor(subscriber.Enterprise.RegisteredCounty, WarningCategoryCatalog.Default.Categories.Select(c => c.Id));

        Assert.Empty(Validate(subscriber with { Preferences = preferences }));
    }

    [Theory]
    [InlineData("220100")]
    [InlineData("220000")]
    public void AcceptsInterestWidenedToThePrefectureOrProvince(string region) =>
        Assert.Empty(Validate(Subscriber(1, county: "220102", regions: [region])));

    [Fact]
    public void RejectsARegionOfInterestThatDoesNotContainTheRegisteredCounty()
    {
        var errors = Validate(Subscriber(1, county: "220102", regions: ["220102", "220200"]));

        Assert.Contains("does not contain the registered county 220102", ReasonFor(errors, "preferences.regions[1]"), StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAnUnknownRegionCode() =>
        Assert.Contains("not a division code", ReasonFor(Validate(Subscriber(1, regions: ["220199"])), "preferences.regions[0]"), StringComparison.Ordinal);

    [Fact]
    public void RejectsAnUnknownOrRepeatedCategory()
    {
        var errors = Validate(Subscriber(1, categories: ["telecom-fraud", "lottery", "telecom-fraud"]));

        Assert.Contains("not a warning category", ReasonFor(errors, "preferences.categories[1]"), StringComparison.Ordinal);
        Assert.Contains("listed twice", ReasonFor(errors, "preferences.categories[2]"), StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsEmptyCategoriesAndChannels()
    {
        var errors = Validate(Subscriber(1, categories: [], channels: []));

        Assert.Contains(errors, e => e.Field == "preferences.categories");
        Assert.Contains(errors, e => e.Field == "preferences.channels");
    }

    [Fact]
    public void RejectsQuietHoursThatStartAndEndTogether() =>
        Assert.Contains(Validate(Subscriber(1, quietHours: new QuietHours(new TimeOnly(22, 0), new TimeOnly(22, 0)))), e => e.Field == "preferences.quietHours");

    [Fact]
    public void RejectsARegisteredRegionThatIsNotACounty() =>
        Assert.Contains("not a county-level division", ReasonFor(Validate(Subscriber(1, county: "220100")), "enterprise.registeredCounty"), StringComparison.Ordinal);

    [Fact]
    public void NamesTheContactAndFieldOfABadMobileNumber()
    {
        var contacts = new[] { Contact("a"), Contact("b", mobile: "010 6552 9988") };

        var errors = Validate(Subscriber(1, contacts: contacts));

        Assert.Contains("is not a mobile number", ReasonFor(errors, "contacts[1].mobile"), StringComparison.Ordinal);
    }

    [Fact]
    public void AsksForE164WhenTheMobileIsValidButNotNormalised() =>
        Assert.Contains("+8613812345678", ReasonFor(Validate(Subscriber(1, contacts: [Contact("a", mobile: "138 1234 5678")])), "contacts[0].mobile"), StringComparison.Ordinal);

    [Fact]
    public void NormalisingAContactFixesFormattingButKeepsBadValuesForTheValidator()
    {
        var contact = Contact("a", mobile: "138 1234 5678", email: " Li@Example.COM ").Normalize();
        var broken = Contact("b", mobile: "12345", email: "nope").Normalize();

        Assert.Equal("+8613812345678", contact.Mobile);
        Assert.Equal("Li@example.com", contact.Email);
        Assert.Equal("12345", broken.Mobile);
        Assert.Equal("nope", broken.Email);
    }

    [Fact]
    public void RejectsAChannelWithoutItsAddress()
    {
        var contact = Contact("a", mobile: null, email: "li@example.com", channels: [Channel.Email, Channel.Sms]);

        Assert.Contains("sms needs a mobile number", ReasonFor(Validate(Subscriber(1, contacts: [contact])), "contacts[0].channels[1]"), StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsDuplicateContactIdsAndAnEmptyContactList()
    {
        Assert.Contains("used by another contact", ReasonFor(Validate(Subscriber(1, contacts: [Contact("a"), Contact("a")])), "contacts[1].id"), StringComparison.Ordinal);
        Assert.Contains(Validate(Subscriber(1, contacts: [])), e => e.Field == "contacts");
    }

    [Fact]
    public void ReportsEveryProblemAtOnce()
    {
        var subscriber = Subscriber(1, categories: ["lottery"], regions: ["220200"], contacts: [Contact("a", email: "bad")]);

        Assert.Equal(["contacts[0].email", "preferences.categories[0]", "preferences.regions[0]"], Validate(subscriber).Select(e => e.Field).Order(StringComparer.Ordinal));
    }
}
