using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RiskAlerts.Functions.Security;

/// <summary>Mints and validates the local run's bearer tokens (HS256 JWTs).</summary>
public static class DevelopmentTokens
{
    public const string RolesClaim = "roles";

    public static string Issue(DevelopmentTokenOptions options, string name, IEnumerable<string> roles, string? enterpriseCode, string enterpriseCodeClaim, TimeSpan lifetime, TimeProvider? timeProvider = null, string? organisation = null, string organisationClaim = "org")
    {
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = name,
            [JwtRegisteredClaimNames.Name] = name,
            [RolesClaim] = roles.ToArray(),
        };
        if (!string.IsNullOrEmpty(enterpriseCode))
        {
            claims[enterpriseCodeClaim] = enterpriseCode;
        }

        if (!string.IsNullOrEmpty(organisation))
        {
            claims[organisationClaim] = organisation;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(KeyOf(options), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <returns>The token's claims, or null when the token is not valid.</returns>
    public static async Task<ClaimsIdentity?> ValidateAsync(DevelopmentTokenOptions options, string token)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = KeyOf(options),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = JwtRegisteredClaimNames.Name,
            RoleClaimType = RolesClaim,
        });
        return result.IsValid ? result.ClaimsIdentity : null;
    }

    public static string NewSigningKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static SymmetricSecurityKey KeyOf(DevelopmentTokenOptions options) =>
        new(Convert.FromBase64String(options.SigningKey ?? throw new InvalidOperationException("Auth:DevelopmentTokens:SigningKey is not set.")));
}
