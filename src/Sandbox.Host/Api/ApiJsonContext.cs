using System.Text.Json.Serialization;
using Sandbox.Host.Api.Bodies;

namespace Sandbox.Host.Api;

/// <summary>
/// The API's body types, their shapes generated at compile time: the OpenAPI document's schemas are drawn from them
/// (first in the HTTP options' resolver chain, on the runtime as in the native image, which has no reflection-based
/// shapes), and request bodies and, on the command line (<c>--server</c>), a server's answers are read with them
/// (<see cref="ApiBodies"/>). Answers are written by
/// <c>Jsons.Serialize</c>, not from here. A route's <c>Produces&lt;T&gt;</c> or request body names a type listed here.
/// </summary>
[JsonSerializable(typeof(List<DatasetBody>))]
[JsonSerializable(typeof(DatasetBody))]
[JsonSerializable(typeof(List<GrantBody>))]
[JsonSerializable(typeof(GrantBody))]
[JsonSerializable(typeof(List<JobBody>))]
[JsonSerializable(typeof(JobBody))]
[JsonSerializable(typeof(JobLogsBody))]
[JsonSerializable(typeof(JobProgressBody))]
[JsonSerializable(typeof(JobCancelBody))]
[JsonSerializable(typeof(List<ExportSummaryBody>))]
[JsonSerializable(typeof(CheckReportBody))]
[JsonSerializable(typeof(ExportBody))]
[JsonSerializable(typeof(ExportStateBody))]
[JsonSerializable(typeof(ExportReleaseBody))]
[JsonSerializable(typeof(List<Store.Alert>))]
[JsonSerializable(typeof(Store.Alert))]
[JsonSerializable(typeof(List<Store.AuditEntry>))]
[JsonSerializable(typeof(AuditVerifyBody))]
[JsonSerializable(typeof(Reports.UsageReport))]
[JsonSerializable(typeof(AnnualReportBody))]
[JsonSerializable(typeof(KeyBody))]
[JsonSerializable(typeof(StatusBody))]
[JsonSerializable(typeof(ApiExports.RequestBody))]
[JsonSerializable(typeof(ApiExports.ReviewBody))]
[JsonSerializable(typeof(ApiSupervision.NoteBody))]
// A tar body or a bundle: the document draws it as binary, but asks for its shape first.
[JsonSerializable(typeof(Stream))]
// Every error answer's shape (ProducesProblem): ASP.NET's own context does not reach the document's resolver.
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
