using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Functions.Security;

/// <summary>Where principals come from: App Service authentication in Azure, development tokens locally.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// Trust the <c>X-MS-CLIENT-PRINCIPAL</c> header. Only true behind App Service authentication,
    /// which removes any such header a client sends and sets its own.
    /// </summary>
    public bool TrustAppServicePrincipal { get; set; }

    /// <summary>The claim that carries an enterprise principal's unified social credit code.</summary>
    [Required]
    public string EnterpriseCodeClaim { get; set; } = "uscc";

    /// <summary>
    /// The claim that carries an analyst's or platform's issuing organisation (its code in
    /// <c>RiskAlerts:Organisations</c>). In Entra ID, an optional or directory-extension claim of the app registration.
    /// </summary>
    [Required]
    public string OrganisationClaim { get; set; } = "org";

    public DevelopmentTokenOptions DevelopmentTokens { get; set; } = new();
}

/// <summary>Bearer tokens signed with a local key, minted by the host's <c>token</c> command. Never configured in Azure.</summary>
public sealed class DevelopmentTokenOptions
{
    /// <summary>Base64 HMAC-SHA256 key of at least 32 bytes; empty disables development tokens.</summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "riskalerts-local";

    [Required]
    public string Audience { get; set; } = "riskalerts-api";
}
