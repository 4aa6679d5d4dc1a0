using System.Globalization;

namespace RiskAlerts.LoadHarness;

/// <summary>Command-line settings of a load run.</summary>
internal sealed record LoadRunOptions(int Enterprises, bool Naive, TimeSpan Timeout, int Seed, int EmailPercent, bool Evidence = false)
{
    public const string Usage = "usage: RiskAlerts.LoadHarness [--enterprises N (100000)] [--naive] [--timeout-seconds S (600)] [--seed N] [--email-percent P (50): share of enterprises with a second contact by email] [--evidence: then download the warning's evidence as CSV and measure its memory]";

    public static LoadRunOptions? Parse(string[] args, TextWriter error)
    {
        var enterprises = 100_000;
        var naive = false;
        var timeout = TimeSpan.FromMinutes(10);
        var seed = 2_2000;
        var emailPercent = 50;
        var evidence = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--enterprises" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    enterprises = n;
                    i++;
                    break;
                case "--naive":
                    naive = true;
                    break;
                case "--evidence":
                    evidence = true;
                    break;
                case "--timeout-seconds" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0:
                    timeout = TimeSpan.FromSeconds(s);
                    i++;
                    break;
                case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var r):
                    seed = r;
                    i++;
                    break;
                case "--email-percent" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= 100:
                    emailPercent = p;
                    i++;
                    break;
                default:
                    error.WriteLine($"unknown or incomplete argument '{args[i]}'");
                    error.WriteLine(Usage);
                    return null;
            }
        }

        return new LoadRunOptions(enterprises, naive, timeout, seed, emailPercent, evidence);
    }
}
