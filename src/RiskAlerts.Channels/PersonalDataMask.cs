namespace RiskAlerts.Channels;

/// <summary>Masks contact data before it reaches a log.</summary>
internal static class PersonalDataMask
{
    /// <summary>
    /// <c>+8613812345678</c> becomes <c>138****5678</c>: the first three and last four national
    /// digits, enough to tell recipients apart in a log and not enough to call anyone.
    /// </summary>
    public static string Phone(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
        {
            return string.Empty;
        }

        var digits = e164.StartsWith("+86", StringComparison.Ordinal) ? e164[3..] : e164.TrimStart('+');
        if (digits.Length < 8)
        {
            return "***";
        }

        return string.Concat(digits.AsSpan(0, 3), new string('*', digits.Length - 7), digits.AsSpan(digits.Length - 4));
    }

    /// <summary><c>zhang.san@example.com</c> becomes <c>z***@example.com</c>.</summary>
    public static string Email(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return string.Empty;
        }

        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }
}
