using System.Globalization;
using RiskAlerts.LogScan;

// Usage: RiskAlerts.LogScan <folder> [--min-lines N] [--allow-domain D]...
// Exit codes: 0 clean, 1 unmasked contact data found, 2 too little to scan (a scan over nothing proves nothing).
if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
{
    Console.Error.WriteLine("usage: RiskAlerts.LogScan <folder> [--min-lines N] [--allow-domain D]...");
    return 2;
}

var folder = Path.GetFullPath(args[0]);
var minLines = 1000L;
// The sender address and Message-Ids of the tests' hosts (riskalerts.test) and of the local run, which
// the README quick-start test starts (riskalerts.local), are the product's, not a person's.
var allowedDomains = new List<string> { "riskalerts.test", "riskalerts.local" };
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--min-lines" when i + 1 < args.Length:
            minLines = long.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--allow-domain" when i + 1 < args.Length:
            allowedDomains.Add(args[++i]);
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 2;
    }
}

var result = new LogScanner(allowedDomains).ScanFolder(folder);
foreach (var finding in result.Findings)
{
    Console.WriteLine(finding);
}

Console.WriteLine($"Log scan: {result.Lines} lines in {result.Files} files under {folder}; {result.Findings.Count} unmasked phone numbers or email addresses.");
if (result.Lines < minLines)
{
    Console.Error.WriteLine($"Log scan: expected at least {minLines} lines; the tests' hosts did not write their logs there.");
    return 2;
}

return result.Findings.Count == 0 ? 0 : 1;
