using System.Text.RegularExpressions;
using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.LogScan;

/// <summary>A phone number or email address found unmasked in a log.</summary>
/// <param name="File">The log file.</param>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Kind"><c>phone</c> or <c>email</c>.</param>
/// <param name="Masked">The match, masked, so the report does not leak what it found.</param>
public sealed record LogFinding(string File, int Line, string Kind, string Masked)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}: unmasked {Kind} {Masked}";
}

/// <summary>What a scan of a folder found.</summary>
/// <param name="Files">Log files read.</param>
/// <param name="Lines">Lines read.</param>
/// <param name="Findings">Unmasked phone numbers and email addresses.</param>
public sealed record LogScanResult(int Files, long Lines, IReadOnlyList<LogFinding> Findings);

/// <summary>
/// Finds personal contact data written unmasked: E.164 numbers, mainland mobile numbers (11 digits
/// from 13–19, with or without 86 in front) and email addresses. Masked forms (<c>+86 138****5678</c>,
/// <c>138****5678</c>, <c>z***@example.com</c>) do not match, nor do digits inside longer runs of digits
/// or letters (credit codes, ids, GUIDs, timestamps, sequence numbers).
/// </summary>
public sealed partial class LogScanner
{
    private readonly string[] _allowedDomains;

    /// <param name="allowedDomains">
    /// Domains of the product's own addresses (the sender address, <c>Message-Id</c>s): no person's.
    /// </param>
    public LogScanner(IEnumerable<string> allowedDomains)
    {
        ArgumentNullException.ThrowIfNull(allowedDomains);
        _allowedDomains = [.. allowedDomains];
    }

    // Not next to a digit, letter, star or plus: the digits are a number of their own, not part of
    // an id or of a masked form.
    [GeneratedRegex(@"(?<![0-9A-Za-z*+])\+\d{8,15}(?![0-9*])")]
    private static partial Regex E164();

    [GeneratedRegex(@"(?<![0-9A-Za-z*+])(?:86)?1[3-9]\d{9}(?![0-9A-Za-z*])")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@(?<domain>[A-Za-z0-9.\-]+\.[A-Za-z]{2,})")]
    private static partial Regex Email();

    /// <summary>The unmasked phone numbers and email addresses in one line, masked.</summary>
    public IEnumerable<(string Kind, string Masked)> Scan(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        foreach (var match in E164().Matches(line).Concat(Mobile().Matches(line)))
        {
            yield return ("phone", PersonalDataMask.MaskText(match.Value));
        }

        foreach (Match match in Email().Matches(line))
        {
            var domain = match.Groups["domain"].Value;
            if (!_allowedDomains.Any(d => domain.Equals(d, StringComparison.OrdinalIgnoreCase) || domain.EndsWith("." + d, StringComparison.OrdinalIgnoreCase)))
            {
                yield return ("email", PersonalDataMask.MaskEmail(match.Value));
            }
        }
    }

    /// <summary>Scans every <c>*.log</c> file under <paramref name="folder"/>.</summary>
    public LogScanResult ScanFolder(string folder)
    {
        var findings = new List<LogFinding>();
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.log", SearchOption.AllDirectories) : [];
        long lines = 0;
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                findings.AddRange(Scan(line).Select(f => new LogFinding(file, number, f.Kind, f.Masked)));
            }

            lines += number;
        }

        return new LogScanResult(files.Length, lines, findings);
    }
}
