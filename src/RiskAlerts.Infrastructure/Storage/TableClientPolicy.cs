using Azure.Core;
using Azure.Core.Pipeline;

namespace RiskAlerts.Infrastructure.Storage;

/// <summary>
/// A pipeline policy for the Table Storage client the infrastructure registers: every
/// <see cref="TableClientPolicy"/> in the container is added to its options. None is registered by
/// the product; the load harness registers one that counts requests.
/// </summary>
/// <param name="Policy">The policy.</param>
/// <param name="Position">Where in the pipeline: <see cref="HttpPipelinePosition.PerRetry"/> sees every request sent, retries included.</param>
public sealed record TableClientPolicy(HttpPipelinePolicy Policy, HttpPipelinePosition Position = HttpPipelinePosition.PerRetry);
