using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Sandbox.Host.Api;

/// <summary>
/// What the generated OpenAPI document needs beyond the routes' own declarations: every error answer of a route may be
/// problem details. A route that answers 422 with a typed body (a job that ended badly, an export whose checks failed)
/// also answers 422 with problem details when the request is refused before that; the generator keeps one content per
/// status, so the problem content is added here, copied from the route's 401, which every token-checked route declares.
/// </summary>
internal static class ApiContract
{
    public const string ProblemJson = "application/problem+json";

    public static void Configure(OpenApiOptions options)
    {
        options.AddOperationTransformer(AddProblems);
        options.AddOperationTransformer(DescribeBodyAsync);
        options.AddOperationTransformer(DeclareTotalCount);
    }

    /// <summary>The header a paged list sends with its total (<see cref="ApiPaging"/>).</summary>
    public const string TotalCountHeader = "X-Total-Count";

    /// <summary>Marks a route whose 200 answer is a page of a list and carries <see cref="TotalCountHeader"/>.</summary>
    public sealed record Paged;

    private static Task DeclareTotalCount(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<Paged>().Any()) return Task.CompletedTask;
        if (operation.Responses?.GetValueOrDefault("200") is not OpenApiResponse ok) return Task.CompletedTask;
        ok.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
        ok.Headers[TotalCountHeader] = new OpenApiHeader
        {
            Description = "How many items match the filters, over all pages (?limit= and ?offset= choose the page)",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0" },
        };
        return Task.CompletedTask;
    }

    /// <summary>
    /// The body a route reads itself (with the contracts' JSON options, or as YAML or a tar), for the document only:
    /// unlike <c>Accepts</c>, it enforces no content type, so a client that sends JSON as text/plain keeps working.
    /// </summary>
    public sealed record RequestBody(string Description, string ContentType, Type Type, string? OtherContentType = null, Type? OtherType = null);

    private static async Task DescribeBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBody>().FirstOrDefault() is not { } body) return;
        var content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
        {
            [body.ContentType] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken).ConfigureAwait(false) },
        };
        if (body is { OtherContentType: { } other, OtherType: { } type })
        {
            content[other] = new() { Schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken).ConfigureAwait(false) };
        }
        operation.RequestBody = new OpenApiRequestBody { Required = true, Description = body.Description, Content = content };
    }

    private static Task AddProblems(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses is not { } responses) return Task.CompletedTask;
        var problem = responses.Values.Select(r => r.Content).FirstOrDefault(c => c?.ContainsKey(ProblemJson) == true)?[ProblemJson];
        if (problem is null) return Task.CompletedTask;
        foreach (var (status, response) in responses)
        {
            if (status.Length == 3 && status[0] is '4' or '5' && response.Content is { } content && !content.ContainsKey(ProblemJson))
            {
                content[ProblemJson] = problem;
            }
        }
        return Task.CompletedTask;
    }
}
