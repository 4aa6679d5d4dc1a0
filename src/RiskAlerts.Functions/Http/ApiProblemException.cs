namespace RiskAlerts.Functions.Http;

/// <summary>A request refused for a reason other than field validation (415, 413, 404, 409 ...).</summary>
public sealed class ApiProblemException : Exception
{
    public ApiProblemException(int status, string title, string? detail = null)
        : base(detail ?? title)
    {
        Status = status;
        Title = title;
        Detail = detail;
    }

    public ApiProblemException()
        : this(500, "Unexpected error")
    {
    }

    public ApiProblemException(string message)
        : this(500, message)
    {
    }

    public ApiProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        Title = message;
    }

    public int Status { get; }

    public string Title { get; }

    public string? Detail { get; }
}
