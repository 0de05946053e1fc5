using System.Text.Json;

namespace Sandbox.Host.Tests.Api;

/// <summary>The test validator of OpenAPI answers: it passes what conforms and names each way a body does not.</summary>
public sealed class OpenApiContractTests
{
    private const string Document = """
    {
      "openapi": "3.1.1",
      "paths": {
        "/v1/things/{id}": {
          "get": { "responses": {
            "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
            "404": { "content": { "application/problem+json": { "schema": { "type": "object", "properties": { "status": { "type": "integer" } } } } } },
            "204": { "description": "nothing" }
          } }
        }
      },
      "components": { "schemas": {
        "State": { "enum": ["queued", "running"] },
        "Thing": {
          "type": "object",
          "required": ["id", "state", "count", "owner"],
          "properties": {
            "id": { "type": "string" },
            "state": { "$ref": "#/components/schemas/State" },
            "count": { "type": ["null", "integer"], "format": "int32" },
            "share": { "type": "number" },
            "at": { "type": "string", "format": "date-time" },
            "owner": { "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/Owner" }] },
            "tags": { "type": "array", "items": { "type": "string" } },
            "labels": { "type": "object", "additionalProperties": { "type": "string" } },
            "legacy": { "type": "string", "nullable": true }
          }
        },
        "Owner": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" } } },
        "Bounded": { "type": "string", "maxLength": 3 }
      } }
    }
    """;

    private const string Valid = """{"id":"t1","state":"queued","count":3,"share":0.5,"at":"2026-12-04T05:30:00+00:00","owner":{"name":"a"},"tags":["x"],"labels":{"k":"v"},"legacy":null}""";

    private static readonly OpenApiContract Contract = new(JsonDocument.Parse(Document).RootElement.Clone());

    private static IReadOnlyList<string> Check(string body, int status = 200, string type = "application/json; charset=utf-8") =>
        Contract.Check("GET", "/v1/things/t1", status, type, body);

    [Fact]
    public void Check_ABodyThatConforms_HasNoErrors()
    {
        Assert.Empty(Check(Valid));
        Assert.Empty(Check("""{"id":"t1","state":"running","count":null,"owner":null}"""));
        Assert.Empty(Check("""{"status":404}""", 404, "application/problem+json"));
        Assert.Empty(Check("", 204, ""));
    }

    [Theory]
    [InlineData("""{"state":"queued","count":1,"owner":null}""", "$: required property 'id' is missing")]
    [InlineData("""{"id":"t1","state":"exploded","count":1,"owner":null}""", "$.state: \"exploded\" is not one of")]
    [InlineData("""{"id":7,"state":"queued","count":1,"owner":null}""", "$.id: expected string, found integer")]
    [InlineData("""{"id":"t1","state":"queued","count":1.5,"owner":null}""", "$.count: expected null or integer, found number")]
    [InlineData("""{"id":"t1","state":"queued","count":"1","owner":null}""", "$.count: expected null or integer, found string")]
    [InlineData("""{"id":"t1","state":"queued","count":1,"owner":null,"path":"/srv"}""", "$: property 'path' is not declared")]
    [InlineData("""{"id":"t1","state":"queued","count":1,"owner":{}}""", "$.owner: oneOf not satisfied")]
    [InlineData("""{"id":"t1","state":"queued","count":1,"owner":null,"tags":["x",2]}""", "$.tags[1]: expected string")]
    [InlineData("""{"id":"t1","state":"queued","count":1,"owner":null,"labels":{"k":1}}""", "$.labels.k: expected string")]
    [InlineData("""{"id":"t1","state":"queued","count":1,"owner":null,"at":"yesterday"}""", "$.at: \"yesterday\" is not a valid date-time")]
    [InlineData("""{"id":"t1","state":"queued","count":4294967296,"owner":null}""", "$.count: 4294967296 is not a valid int32")]
    [InlineData("""[]""", "$: expected object, found array")]
    [InlineData("""not json""", "the body is not JSON")]
    public void Check_AWrongBody_NamesWhereAndWhy(string body, string expected)
    {
        Assert.Contains(Check(body), e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_AnUndeclaredStatusOrContentTypeOrOperation_Fails()
    {
        Assert.Contains("status not declared", Assert.Single(Check(Valid, 500)));
        Assert.Contains("content type 'text/html' not declared", Assert.Single(Check(Valid, 200, "text/html")));
        Assert.Contains("content type 'application/json' not declared", Assert.Single(Check("""{"status":404}""", 404)));
        Assert.Contains("a body where the document declares none", Assert.Single(Check("{}", 204, "application/json")));
        Assert.Contains("no such operation", Assert.Single(Contract.Check("GET", "/v1/other/t1", 200, "application/json", Valid)));
        Assert.Contains("no such operation", Assert.Single(Contract.Check("DELETE", "/v1/things/t1", 200, "application/json", Valid)));
    }

    [Fact]
    public void Validate_AKeywordItDoesNotCheck_IsAnErrorNotAPass()
    {
        var errors = new List<string>();
        Contract.Validate(Contract.Resolve("#/components/schemas/Bounded"), JsonDocument.Parse("\"ab\"").RootElement, "$", errors);
        Assert.Contains("'maxLength', which this validator does not check", Assert.Single(errors));
    }

    [Fact]
    public void Validate_OpenSchemas_AllowUndeclaredKeysOnlyWhenNotClosed()
    {
        var open = new OpenApiContract(JsonDocument.Parse(Document).RootElement.Clone()) { Closed = false };
        Assert.Empty(open.Check("GET", "/v1/things/t1", 200, "application/json", """{"id":"t1","state":"queued","count":1,"owner":null,"path":"/srv"}"""));
    }
}
