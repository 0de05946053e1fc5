using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sandbox.Host.Home;

namespace Sandbox.Host.Api;

/// <summary>Answers of the API: JSON bodies, and RFC 9457 problem details for every error.</summary>
internal static class ApiResults
{
    /// <summary>A JSON body serialized with the contracts' options.</summary>
    public static IResult Json(object value, int status = StatusCodes.Status200OK) =>
        Results.Text(JsonSerializer.Serialize(value, Jsons.Options), "application/json", statusCode: status);

    /// <summary>A problem-details body with <paramref name="detail"/> as its one line.</summary>
    public static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);

    /// <summary>
    /// The answer to a failed operation: 404 for a resource that does not exist or may not be seen (the same words),
    /// 400 for bad input, 403 for an action the principal may not take, 409 for a resource whose state does not allow
    /// it, 422 for a refusal by policy or a check.
    /// Messages are the domain's one-line errors, which never quote a data value.
    /// </summary>
    public static IResult Of(Exception exception) => exception switch
    {
        NotFoundException e => Problem(StatusCodes.Status404NotFound, e.Message),
        InputException e => Problem(StatusCodes.Status400BadRequest, e.Message),
        Sandbox.Documents.PolicyDocumentException e => Problem(StatusCodes.Status400BadRequest, e.Message),
        ForbiddenException e => Problem(StatusCodes.Status403Forbidden, e.Message),
        ConflictException e => Problem(StatusCodes.Status409Conflict, e.Message),
        RefusedException e => Problem(StatusCodes.Status422UnprocessableEntity, e.Message),
        _ => throw new ArgumentException("not a domain error", nameof(exception)),
    };

    /// <summary>True for the exceptions <see cref="Of"/> answers.</summary>
    public static bool IsDomainError(Exception exception) =>
        exception is NotFoundException or InputException or RefusedException or Sandbox.Documents.PolicyDocumentException;
}
