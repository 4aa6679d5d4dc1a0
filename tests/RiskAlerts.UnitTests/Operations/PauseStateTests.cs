using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.UnitTests.Operations;

public sealed class PauseStateTests
{
    private static readonly PauseTargetCatalog Catalog = new(["primary", "backup"]);

    private static ChannelPause Pause(PauseTarget target) => new(target, "operator", DateTimeOffset.UnixEpoch, "maintenance");

    [Fact]
    public void NothingPausedLeavesEveryChannelAndProviderRunning()
    {
        var state = new PauseState([], Catalog.SmsProviders);

        Assert.False(state.IsChannelPaused("sms"));
        Assert.False(state.IsChannelPaused("email"));
        Assert.False(state.IsProviderPaused("primary"));
        Assert.Empty(state.PausedChannels(Catalog));
    }

    [Fact]
    public void PausingOneChannelLeavesTheOtherRunning()
    {
        var state = new PauseState([Pause(PauseTarget.Channel("email"))], Catalog.SmsProviders);

        Assert.True(state.IsChannelPaused("email"));
        Assert.False(state.IsChannelPaused("sms"));
        Assert.Equal(["email"], state.PausedChannels(Catalog));
    }

    [Fact]
    public void PausingSomeProvidersLeavesTheSmsChannelRunning()
    {
        var state = new PauseState([Pause(PauseTarget.Provider("primary"))], Catalog.SmsProviders);

        Assert.True(state.IsProviderPaused("primary"));
        Assert.False(state.IsProviderPaused("backup"));
        Assert.False(state.IsChannelPaused("sms"));
    }

    [Fact]
    public void PausingEveryProviderPausesTheSmsChannelButNotEmail()
    {
        var state = new PauseState([Pause(PauseTarget.Provider("primary")), Pause(PauseTarget.Provider("backup"))], Catalog.SmsProviders);

        Assert.True(state.IsChannelPaused("sms"));
        Assert.False(state.IsChannelPaused("email"));
        Assert.Equal(["sms"], state.PausedChannels(Catalog));
    }

    [Fact]
    public void ProviderNamesMatchIgnoringCase()
    {
        var state = new PauseState([Pause(PauseTarget.Provider("Primary"))], Catalog.SmsProviders);

        Assert.True(state.IsProviderPaused("primary"));
    }

    [Fact]
    public void TargetKeysNameKindAndName()
    {
        Assert.Equal("channel:sms", PauseTarget.Channel("sms").Key);
        Assert.Equal("provider:primary", PauseTarget.Provider("primary").Key);
    }

    [Fact]
    public void CatalogResolvesKnownNamesToTheirConfiguredSpelling()
    {
        var errors = new FieldErrors();

        Assert.Equal(PauseTarget.Provider("primary"), Catalog.Resolve(PauseTargetKind.Provider, "PRIMARY", errors));
        Assert.Equal(PauseTarget.Channel("email"), Catalog.Resolve(PauseTargetKind.Channel, "email", errors));
        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void CatalogRefusesUnknownNamesWithTheAllowedOnes()
    {
        var errors = new FieldErrors();

        Assert.Null(Catalog.Resolve(PauseTargetKind.Channel, "fax", errors));
        Assert.Null(Catalog.Resolve(PauseTargetKind.Provider, "aliyun", errors));
        Assert.Null(Catalog.Resolve(PauseTargetKind.Provider, null, errors));

        Assert.Equal(["channel", "provider", "provider"], errors.Select(e => e.Field));
        Assert.Contains("sms, email", errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("primary, backup", errors[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNoProviderConfiguredTheSmsChannelIsNotPausedByProviders()
    {
        var state = new PauseState([], []);

        Assert.False(state.IsChannelPaused("sms"));
    }
}
