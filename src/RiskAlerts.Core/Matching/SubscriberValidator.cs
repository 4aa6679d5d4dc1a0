using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Subscriptions;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Matching;

/// <summary>
/// Checks a whole subscription (enterprise, preferences, contacts) before it is stored.
/// Field paths: <c>enterprise.name</c>, <c>preferences.regions[0]</c>, <c>contacts[1].mobile</c>.
/// </summary>
public static class SubscriberValidator
{
    /// <summary>Returns every problem (empty when valid). Normalise contacts with <see cref="Contact.Normalize"/> first.</summary>
    public static FieldErrors Validate(Subscriber subscriber, RegionCatalog regions, WarningCategoryCatalog categories)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var errors = new FieldErrors();
        EnterpriseValidator.Validate(subscriber.Enterprise, regions, errors);
        SubscriptionPreferencesValidator.Validate(subscriber.Preferences, subscriber.Enterprise, regions, categories, errors);
        ContactValidator.Validate(subscriber.Contacts, errors);
        return errors;
    }
}
