using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Security;
using RiskAlerts.Functions.Http;

namespace RiskAlerts.Functions.Security;

/// <summary>
/// Establishes the caller of a request and checks its roles. Every function calls
/// <see cref="RequireAsync"/> with the roles it admits; only health is anonymous.
/// A Functions key is not authorisation, so none is relied on.
/// </summary>
public sealed class RequestAuthenticator(IOptions<AuthOptions> options)
{
    public const string AppServicePrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The caller, if the request carries a valid principal; null otherwise.</summary>
    public async Task<Principal?> AuthenticateAsync(HttpRequest request)
    {
        var settings = options.Value;
        if (settings.TrustAppServicePrincipal && request.Headers.TryGetValue(AppServicePrincipalHeader, out var encoded))
        {
            return FromAppServicePrincipal(encoded.ToString(), settings);
        }

        var authorization = request.Headers.Authorization.ToString();
        if (!string.IsNullOrEmpty(settings.DevelopmentTokens.SigningKey)
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var identity = await DevelopmentTokens.ValidateAsync(settings.DevelopmentTokens, authorization["Bearer ".Length..].Trim());
            return identity is null ? null : FromClaims(identity.Claims, identity.NameClaimType, identity.RoleClaimType, settings);
        }

        return null;
    }

    /// <summary>
    /// The caller of function <paramref name="function"/> of <typeparamref name="TFunctions"/>, who must hold
    /// one of the roles its <see cref="ApiOperationAttribute"/> declares.
    /// </summary>
    /// <exception cref="AccessDeniedException">No valid principal (401) or none of the roles (403).</exception>
    public Task<Principal> RequireAsync<TFunctions>(HttpRequest request, [CallerMemberName] string function = "") =>
        RequireAsync(request, DeclaredRoles.For(typeof(TFunctions), function));

    /// <summary>The caller, who must hold one of <paramref name="roles"/>.</summary>
    /// <exception cref="AccessDeniedException">No valid principal (401) or none of the roles (403).</exception>
    public async Task<Principal> RequireAsync(HttpRequest request, params string[] roles)
    {
        var principal = await AuthenticateAsync(request)
            ?? throw AccessDeniedException.NotAuthenticated("A valid bearer token or App Service principal is required.");
        if (!principal.IsInAnyRole(roles))
        {
            throw AccessDeniedException.Forbidden($"This operation needs one of the roles: {string.Join(", ", roles)}.");
        }

        return principal;
    }

    /// <summary>The roles each function declares, read once per function.</summary>
    private static class DeclaredRoles
    {
        private static readonly ConcurrentDictionary<(Type, string), string[]> Cache = new();

        public static string[] For(Type functions, string function) => Cache.GetOrAdd((functions, function), static key =>
        {
            var operation = key.Item1.GetMethod(key.Item2)?.GetCustomAttribute<ApiOperationAttribute>()
                ?? throw new InvalidOperationException($"{key.Item1.Name}.{key.Item2} has no [ApiOperation] declaring its roles.");
            return operation.Roles.Length > 0
                ? operation.Roles
                : throw new InvalidOperationException($"{key.Item1.Name}.{key.Item2} declares no roles.");
        });
    }

    private static Principal? FromAppServicePrincipal(string encoded, AuthOptions settings)
    {
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
            var root = document.RootElement;
            var nameType = root.TryGetProperty("name_typ", out var n) ? n.GetString() ?? ClaimTypes.Name : ClaimTypes.Name;
            var roleType = root.TryGetProperty("role_typ", out var r) ? r.GetString() ?? ClaimTypes.Role : ClaimTypes.Role;
            var claims = root.GetProperty("claims").EnumerateArray()
                .Select(c => new Claim(c.GetProperty("typ").GetString() ?? string.Empty, c.GetProperty("val").GetString() ?? string.Empty))
                .ToList();
            return FromClaims(claims, nameType, roleType, settings);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A malformed principal header is no principal: the request is answered 401.
            return null;
        }
    }

    private static Principal? FromClaims(IEnumerable<Claim> claims, string nameType, string roleType, AuthOptions settings)
    {
        var list = claims.ToList();
        var name = list.FirstOrDefault(c => c.Type == nameType)?.Value ?? list.FirstOrDefault(c => c.Type is "sub" or ClaimTypes.NameIdentifier)?.Value;
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var roles = list.Where(c => c.Type == roleType || c.Type == "roles" || c.Type == ClaimTypes.Role)
            .Select(c => c.Value)
            .Where(Role.IsKnown)
            .ToHashSet(StringComparer.Ordinal);
        var enterpriseCode = list.FirstOrDefault(c => c.Type == settings.EnterpriseCodeClaim)?.Value;
        var organisation = list.FirstOrDefault(c => c.Type == settings.OrganisationClaim)?.Value;
        return new Principal(name, roles, enterpriseCode, string.IsNullOrEmpty(organisation) ? null : organisation);
    }
}
