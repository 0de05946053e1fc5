using System.Text.Json.Nodes;

namespace Sandbox.Policy.Queries;

/// <summary>
/// One SELECT statement, parsed by DuckDB (<c>json_serialize_sql</c>) into its AST, with the tables,
/// columns and table functions it refers to. The only way SQL is analyzed in Sandbox: never by regex.
/// </summary>
public sealed class SqlStatement
{
    private readonly JsonArray namedParameters;

    private SqlStatement(string text, JsonObject ast, JsonArray namedParameters, StatementWalker walker)
    {
        Text = text;
        Ast = ast;
        this.namedParameters = namedParameters;
        Tables = walker.Tables;
        Columns = walker.Columns;
        TableFunctions = walker.TableFunctions;
        Uses = walker.Uses;
        CountColumnOrdinals = CountOrdinals(ast);
    }

    /// <summary>The SQL text as written, for pointing at a place in it.</summary>
    public string Text { get; }

    /// <summary>The statement node of DuckDB's JSON AST (<c>statements[0].node</c>).</summary>
    /// <remarks>Editing it changes what <see cref="ToSql"/> prints, not the lists below, which describe the parsed text.</remarks>
    public JsonNode Ast { get; }

    /// <summary>Every base table read, with its alias; CTE names are not tables.</summary>
    public IReadOnlyList<TableReference> Tables { get; }

    /// <summary>
    /// Every column reference, in AST order: qualifier (table or alias, may be null) and name. For a
    /// longer dotted name the first two parts are given (<c>s.t.c</c> → <c>s</c>, <c>t</c>).
    /// </summary>
    public IReadOnlyList<ColumnReference> Columns { get; }

    /// <summary>Every table function in FROM (<c>read_csv</c>, <c>range</c>, <c>unnest</c> …), by name.</summary>
    public IReadOnlyList<string> TableFunctions { get; }

    /// <summary>
    /// 0-based positions of <c>count(*)</c> / <c>count(x)</c> aggregates in the top-level select list;
    /// null when the top level is not a plain select list (a set operation, or a <c>*</c>).
    /// </summary>
    public IReadOnlyList<int>? CountColumnOrdinals { get; }

    /// <summary>Column references with their scopes, for resolving them against a catalog.</summary>
    internal IReadOnlyList<ColumnUse> Uses { get; }

    /// <summary>
    /// Lets the parser get ready in the background (DuckDB's, opened once per process) while the caller does other
    /// work first: for a command that will <see cref="Parse"/> soon.
    /// </summary>
    public static void PrepareParser() => SqlAstCodec.Prepare();

    /// <summary>Parses <paramref name="sql"/>, which must hold exactly one SELECT statement.</summary>
    /// <exception cref="SqlParseException">DuckDB cannot parse it, or it is not exactly one SELECT.</exception>
    public static SqlStatement Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var json = SqlAstCodec.Serialize(sql);
        if (JsonNode.Parse(json) is not JsonObject root)
        {
            throw new SqlParseException("DuckDB returned an unexpected AST");
        }

        if (root["error"]?.GetValue<bool>() == true)
        {
            throw DescribeError(root);
        }

        var statements = root["statements"] as JsonArray ?? [];
        if (statements.Count == 0)
        {
            throw new SqlParseException("the SQL text holds no statement");
        }

        if (statements.Count > 1 || statements[0]?["node"] is not JsonObject node)
        {
            throw new SqlParseException("only a single SELECT statement is allowed");
        }

        var walker = new StatementWalker();
        walker.WalkStatement(node);
        if (walker.NotSelect.Count > 0)
        {
            throw new SqlParseException($"only a single SELECT statement is allowed, not {walker.NotSelect[0]}");
        }

        var parameters = statements[0]!["named_param_map"] as JsonArray ?? [];
        node.Parent?.AsObject().Remove("node");
        parameters.Parent?.AsObject().Remove("named_param_map");
        return new SqlStatement(sql, node, parameters, walker);
    }

    /// <summary>Prints <see cref="Ast"/> back to SQL (<c>json_deserialize_sql</c>), including any edits made to it.</summary>
    /// <exception cref="SqlParseException">DuckDB cannot print the (edited) AST.</exception>
    public string ToSql()
    {
        var document = new JsonObject
        {
            ["error"] = false,
            ["statements"] = new JsonArray(new JsonObject
            {
                ["node"] = Ast.DeepClone(),
                ["named_param_map"] = namedParameters.DeepClone(),
            }),
        };
        return SqlAstCodec.Deserialize(document.ToJsonString());
    }

    /// <summary>
    /// Prints a statement's AST as <see cref="Ast"/> serialized it (<c>Ast.ToJsonString()</c>, kept when the job was
    /// admitted) back to SQL: what an admitted statement was, whatever its stored text says later.
    /// </summary>
    /// <exception cref="SqlParseException">The text is not such an AST, or DuckDB cannot print it.</exception>
    public static string PrintAst(string ast)
    {
        ArgumentNullException.ThrowIfNull(ast);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(ast);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new SqlParseException($"not a statement's AST: {ex.Message}", ex);
        }
        if (node is not JsonObject)
        {
            throw new SqlParseException("not a statement's AST");
        }
        var document = new JsonObject
        {
            ["error"] = false,
            ["statements"] = new JsonArray(new JsonObject { ["node"] = node, ["named_param_map"] = new JsonArray() }),
        };
        return SqlAstCodec.Deserialize(document.ToJsonString());
    }

    private static SqlParseException DescribeError(JsonObject root)
    {
        var message = StatementWalker.Text(root["error_message"]) ?? "DuckDB could not parse the statement";
        if (StatementWalker.Text(root["error_type"]) == "not implemented")
        {
            // DuckDB serializes only SELECT statements: COPY, ATTACH, PRAGMA, SET, INSTALL, LOAD, CREATE … land here.
            return new SqlParseException("only a single SELECT statement is allowed");
        }

        return int.TryParse(StatementWalker.Text(root["position"]), out var position)
            ? new SqlParseException($"{message} (at offset {position})") { Position = position }
            : new SqlParseException(message);
    }

    private static int[]? CountOrdinals(JsonObject ast)
    {
        if (StatementWalker.Text(ast["type"]) != AstNames.SelectNode || ast["select_list"] is not JsonArray list)
        {
            return null;
        }

        var ordinals = new List<int>();
        for (var i = 0; i < list.Count; i++)
        {
            var expression = list[i] as JsonObject;
            var cls = StatementWalker.Text(expression?["class"]);
            if (cls == AstNames.Star)
            {
                return null;
            }

            if (cls == AstNames.Function
                && StatementWalker.Text(expression?["function_name"])?.ToLowerInvariant() is "count" or "count_star")
            {
                ordinals.Add(i);
            }
        }

        return [.. ordinals];
    }
}
