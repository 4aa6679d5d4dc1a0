using System.Diagnostics.CodeAnalysis;
using PhoneNumbers;

namespace RiskAlerts.Core.Enterprises;

/// <summary>
/// Normalises phone numbers to E.164 with libphonenumber. Numbers written without a country
/// code are read as Chinese (<see cref="DefaultRegion"/>), as enterprises type them.
/// </summary>
public static class PhoneNumberNormalizer
{
    /// <summary>Region assumed for numbers without a leading + or international prefix.</summary>
    public const string DefaultRegion = "CN";

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// Normalises a number that will receive SMS: it must parse, be a valid number for its
    /// region, and be a mobile number. On success <paramref name="e164"/> is e.g. <c>+8613812345678</c>.
    /// </summary>
    public static bool TryNormalizeMobile(
        [NotNullWhen(true)] string? input,
        [NotNullWhen(true)] out string? e164,
        [NotNullWhen(false)] out string? reason,
        string defaultRegion = DefaultRegion)
    {
        e164 = null;
        if (!TryParseValid(input, defaultRegion, out var number, out reason))
        {
            return false;
        }

        var type = Util.GetNumberType(number);
        if (type is not (PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE))
        {
            reason = $"is not a mobile number (it is a {Describe(type)} number); SMS needs a mobile number.";
            return false;
        }

        e164 = Util.Format(number, PhoneNumberFormat.E164);
        return true;
    }

    /// <summary>Normalises any valid phone number (fixed line included) to E.164.</summary>
    public static bool TryNormalize(
        [NotNullWhen(true)] string? input,
        [NotNullWhen(true)] out string? e164,
        [NotNullWhen(false)] out string? reason,
        string defaultRegion = DefaultRegion)
    {
        e164 = null;
        if (!TryParseValid(input, defaultRegion, out var number, out reason))
        {
            return false;
        }

        e164 = Util.Format(number, PhoneNumberFormat.E164);
        return true;
    }

    /// <summary>Splits an E.164 number into country calling code and national number, or returns false.</summary>
    internal static bool TrySplit(string e164, out int countryCode, [NotNullWhen(true)] out string? nationalNumber)
    {
        countryCode = 0;
        nationalNumber = null;
        try
        {
            var number = Util.Parse(e164, DefaultRegion);
            countryCode = number.CountryCode;
            nationalNumber = Util.GetNationalSignificantNumber(number);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    private static bool TryParseValid(string? input, string defaultRegion, [NotNullWhen(true)] out PhoneNumber? number, [NotNullWhen(false)] out string? reason)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            reason = "is empty; give a phone number such as 13812345678 or +8613812345678.";
            return false;
        }

        try
        {
            number = Util.Parse(input, defaultRegion);
        }
        catch (NumberParseException)
        {
            reason = "is not a phone number; give digits such as 13812345678 or +8613812345678.";
            return false;
        }

        if (!Util.IsValidNumber(number))
        {
            reason = "is not a valid phone number: it has the wrong length or an unallocated prefix for its region.";
            return false;
        }

        reason = null;
        return true;
    }

    private static string Describe(PhoneNumberType type) => type switch
    {
        PhoneNumberType.FIXED_LINE => "fixed-line",
        PhoneNumberType.TOLL_FREE => "toll-free",
        PhoneNumberType.PREMIUM_RATE => "premium-rate",
        PhoneNumberType.VOIP => "VoIP",
        PhoneNumberType.UAN => "universal access",
        _ => type.ToString().ToLowerInvariant().Replace('_', ' '),
    };
}
