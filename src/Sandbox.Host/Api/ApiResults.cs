using Microsoft.AspNetCore.Http;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Api;

/// <summary>Answers of the API: JSON bodies, and RFC 9457 problem details for every error.</summary>
internal static class ApiResults
{
    /// <summary>A JSON body serialized with the contracts' options.</summary>
    public static IResult Json(object value, int status = StatusCodes.Status200OK) =>
        Results.Text(Jsons.Serialize(value), "application/json", statusCode: status);

    /// <summary>A problem-details body with <paramref name="detail"/> as its one line.</summary>
    public static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);

    /// <summary>A problem-details body saying <paramref name="message"/> in the request's language (English unless asked).</summary>
    public static IResult Problem(HttpContext context, int status, LocalMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Problem(status, message.In(LanguageOf(context) ?? UiLanguage.English));
    }

    /// <summary>
    /// The answer to a failed operation: 404 for a resource that does not exist or may not be seen (the same words),
    /// 400 for bad input, 403 for an action the principal may not take, 409 for a resource whose state does not allow
    /// it, 422 for a refusal by policy or a check.
    /// Messages are the domain's one-line errors, which never quote a data value: in English, unless the request's
    /// <c>Accept-Language</c> asks for a language the catalogs hold and the message has an id (then in that language).
    /// </summary>
    public static IResult Of(Exception exception, UiLanguage? language = null) => exception switch
    {
        NotFoundException e => Problem(StatusCodes.Status404NotFound, Say(e.Localized, e.Message, language)),
        InputException { Errors.Count: > 0 } e => Problem(StatusCodes.Status400BadRequest, Say(e.Errors, e.Message, language)),
        InputException e => Problem(StatusCodes.Status400BadRequest, Say(e.Localized, e.Message, language)),
        Sandbox.Documents.PolicyDocumentException e => Problem(StatusCodes.Status400BadRequest, Say(e.Errors, e.Message, language)),
        ForbiddenException e => Problem(StatusCodes.Status403Forbidden, Say(e.Localized, e.Message, language)),
        ConflictException e => Problem(StatusCodes.Status409Conflict, Say(e.Localized, e.Message, language)),
        RefusedException e => Problem(StatusCodes.Status422UnprocessableEntity, Say(e.Localized, e.Message, language)),
        _ => throw new ArgumentException("not a domain error", nameof(exception)),
    };

    /// <summary>
    /// The language a request's <c>Accept-Language</c> prefers among those the catalogs hold (highest quality first), or
    /// null: the API answers in English unless a client asks.
    /// </summary>
    public static UiLanguage? LanguageOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => UiLanguage.Parse(l.Value.ToString()))
            .FirstOrDefault(l => l is not null);
    }

    // A document's errors (a job file's fields), each read by its shape and said in the language asked for.
    private static string Say(IReadOnlyList<Sandbox.Documents.PolicyError> errors, string english, UiLanguage? language) =>
        language is null || language == UiLanguage.English
            ? english
            : string.Join('\n', errors.Select(e => (e with { Message = EnglishShapes.Read(e.Message)?.In(language) ?? e.Message }).ToString()));

    private static string Say(LocalMessage? localized, string english, UiLanguage? language) =>
        localized is not null && language is not null && language != UiLanguage.English ? localized.In(language) : english;

    /// <summary>True for the exceptions <see cref="Of"/> answers.</summary>
    public static bool IsDomainError(Exception exception) =>
        exception is NotFoundException or InputException or RefusedException or Sandbox.Documents.PolicyDocumentException;
}
