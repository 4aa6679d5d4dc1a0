using Microsoft.AspNetCore.Mvc;
using RiskAlerts.Core.Idempotency;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Functions.Http;

/// <summary>
/// Maps the known refusals of a function body to problem details. Anything else
/// propagates: the host answers 500 and logs it, nothing is hidden.
/// </summary>
public static class HttpEndpoint
{
    public static async Task<IActionResult> RunAsync(Func<Task<IActionResult>> body)
    {
        try
        {
            return await body();
        }
        catch (RequestValidationException ex)
        {
            return ApiResults.Invalid(ex.Errors);
        }
        catch (AccessDeniedException ex)
        {
            return ex.Authenticated
                ? ApiResults.Problem(403, "Forbidden", ex.Message, ex.Errors.Count > 0 ? ex.Errors : null)
                : ApiResults.Problem(401, "Unauthorized", ex.Message);
        }
        catch (IdempotencyConflictException ex)
        {
            return ApiResults.Problem(409, "Idempotency key reused", ex.Message, code: ProblemCode.IdempotencyKeyReused);
        }
        catch (WarningClosedException ex)
        {
            return ApiResults.Problem(409, "Warning closed", ex.Message, code: ProblemCode.WarningClosed);
        }
        catch (ApiProblemException ex)
        {
            return ApiResults.Problem(ex.Status, ex.Title, ex.Detail);
        }
    }
}
