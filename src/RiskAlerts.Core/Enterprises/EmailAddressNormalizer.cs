using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RiskAlerts.Core.Enterprises;

/// <summary>
/// Syntax check and normalisation of email addresses: the dot-atom form of RFC 5322 for the
/// local part (quoted local parts and IP-literal domains are refused: mail systems in
/// practice reject them and they are a common route for injection), an internationalised
/// domain converted to its ASCII (punycode) form and lower-cased. Deliverability is the
/// SMTP server's business.
/// </summary>
public static class EmailAddressNormalizer
{
    private const string LocalPartSpecials = "!#$%&'*+-/=?^_`{|}~.";
    private static readonly IdnMapping Idn = new();

    /// <summary>Checks and normalises an address; on failure <paramref name="reason"/> says what to fix.</summary>
    public static bool TryNormalize([NotNullWhen(true)] string? input, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? reason)
    {
        normalized = null;
        var address = input?.Trim();
        if (string.IsNullOrEmpty(address))
        {
            reason = "is empty; give an address such as name@example.com.";
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at < 0 || address.IndexOf('@', StringComparison.Ordinal) != at)
        {
            reason = at < 0 ? "has no '@'; give an address such as name@example.com." : "has more than one '@'.";
            return false;
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (!IsValidLocalPart(local, out reason) || !TryNormalizeDomain(domain, out var asciiDomain, out reason))
        {
            return false;
        }

        var result = $"{local}@{asciiDomain}";
        if (result.Length > 254)
        {
            reason = "is longer than 254 characters.";
            return false;
        }

        normalized = result;
        reason = null;
        return true;
    }

    private static bool IsValidLocalPart(string local, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (local.Length == 0)
        {
            reason = "has nothing before the '@'.";
        }
        else if (local.Length > 64)
        {
            reason = "has more than 64 characters before the '@'.";
        }
        else if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            reason = "the part before the '@' cannot start or end with a dot or contain two dots in a row.";
        }
        else if (local.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || LocalPartSpecials.Contains(c, StringComparison.Ordinal))) is var bad and not '\0')
        {
            reason = $"the part before the '@' contains '{bad}', which is not allowed.";
        }

        return reason is null;
    }

    private static bool TryNormalizeDomain(string domain, [NotNullWhen(true)] out string? asciiDomain, [NotNullWhen(false)] out string? reason)
    {
        asciiDomain = null;
        if (domain.Length == 0)
        {
            reason = "has nothing after the '@'.";
            return false;
        }

        try
        {
            asciiDomain = Idn.GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            reason = $"the domain '{domain}' is not a valid host name.";
            return false;
        }

        var labels = asciiDomain.Split('.');
        if (labels.Length < 2)
        {
            reason = $"the domain '{domain}' needs a dot, e.g. example.com.";
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                reason = $"the domain '{domain}' is not a valid host name: each part between dots has 1 to 63 letters, digits or inner hyphens.";
                return false;
            }
        }

        if (labels[^1].All(char.IsAsciiDigit))
        {
            reason = $"the domain '{domain}' ends in a number; IP addresses are not accepted.";
            return false;
        }

        reason = null;
        return true;
    }
}
