using RiskAlerts.Core.Security;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Host.Local;

/// <summary>
/// <c>RiskAlerts.Host token --role analyst [--role operator] [--org CODE] [--uscc CODE] [--name NAME] [--hours 8]</c>:
/// prints a bearer token for the local run, signed with the local development key, and nothing else on
/// standard output. <c>scripts/token</c> runs it (<c>dotnet run</c> would print its own messages there too).
/// </summary>
public static class TokenCommand
{
    public const string Verb = "token";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var roles = new List<string>();
        string? uscc = null;
        string? organisation = null;
        var name = Environment.UserName;
        var hours = 8.0;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--role" when value is not null: roles.Add(value); i++; break;
                case "--uscc" when value is not null: uscc = value; i++; break;
                case "--org" when value is not null: organisation = value; i++; break;
                case "--name" when value is not null: name = value; i++; break;
                case "--hours" when value is not null && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var h): hours = h; i++; break;
                default:
                    error.WriteLine($"Unknown or incomplete option '{args[i]}'. Usage: token --role <{string.Join('|', Role.All)}> [--org CODE] [--uscc CODE] [--name NAME] [--hours 8]");
                    return 2;
            }
        }

        var unknown = roles.Where(r => !Role.IsKnown(r)).ToList();
        if (roles.Count == 0 || unknown.Count > 0)
        {
            error.WriteLine($"Give at least one --role, each one of: {string.Join(", ", Role.All)}.");
            return 2;
        }

        if (roles.Contains(Role.Enterprise) && string.IsNullOrEmpty(uscc))
        {
            error.WriteLine("The enterprise role needs --uscc: the enterprise the token acts for.");
            return 2;
        }

        if (roles.Any(IssuesWarnings) && string.IsNullOrEmpty(organisation))
        {
            error.WriteLine($"The roles {string.Join(", ", roles.Where(IssuesWarnings))} need --org: the issuing organisation, e.g. --org jilin-province-centre.");
            return 2;
        }

        var options = new DevelopmentTokenOptions { SigningKey = DevelopmentSigningKey.LoadOrCreate() };
        var claims = new AuthOptions();
        output.WriteLine(DevelopmentTokens.Issue(options, name, roles, uscc, claims.EnterpriseCodeClaim, TimeSpan.FromHours(hours), organisation: organisation, organisationClaim: claims.OrganisationClaim));
        return 0;
    }

    /// <summary>Roles whose principals belong to an issuing organisation.</summary>
    private static bool IssuesWarnings(string role) => role is Role.Analyst or Role.Approver or Role.Platform;
}
