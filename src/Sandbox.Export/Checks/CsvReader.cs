using System.Buffers;
using System.Text.Unicode;

namespace Sandbox.Export.Checks;

/// <summary>
/// A strict RFC 4180 reader: anything ambiguous is an error naming the line, because a lenient reader
/// could show the checks a different table than the one a recipient will open.
/// </summary>
internal sealed class CsvReader(string path, byte[] bytes)
{
    private string _text = "";
    private int _pos;
    private int _line = 1;

    public OutputTable Read()
    {
        _text = Decode();
        // A BOM is common from spreadsheet exports and carries no data.
        if (_text.StartsWith('\uFEFF'))
        {
            _pos = 1;
        }

        if (AtEnd)
        {
            throw new OutputFormatException(path, 1, "the file is empty; a header row is expected");
        }

        var header = ReadRecord(out _);
        var columns = header.Select(h => h ?? "").ToArray();
        var rows = new List<string?[]>();
        // Trailing blank lines are an editor's habit, not rows of missing values.
        while (!AtEnd && _text.AsSpan(_pos).ContainsAnyExcept('\r', '\n'))
        {
            var record = ReadRecord(out int startLine);
            if (record.Length != columns.Length)
            {
                throw new OutputFormatException(path, startLine,
                    $"the row has {Fields(record.Length)} but the header has {Fields(columns.Length)}");
            }

            rows.Add(record);
        }

        return new OutputTable(columns, rows);
    }

    private bool AtEnd => _pos >= _text.Length;

    private static string Fields(int count) => count == 1 ? "1 field" : $"{count} fields";

    private string Decode()
    {
        // Decode strictly so that an invalid byte is reported at its line instead of becoming U+FFFD.
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            int line = 1 + bytes.AsSpan(0, read).Count((byte)'\n');
            throw new OutputFormatException(path, line, "the file is not valid UTF-8; save it as UTF-8");
        }

        return new string(chars, 0, written);
    }

    /// <summary>Reads one record and its line break; the position ends at the next record.</summary>
    private string?[] ReadRecord(out int startLine)
    {
        startLine = _line;
        var fields = new List<string?>();
        while (true)
        {
            fields.Add(ReadField());
            if (AtEnd)
            {
                return [.. fields];
            }

            char c = _text[_pos];
            if (c == ',')
            {
                _pos++;
                continue;
            }

            // Otherwise ReadField stopped at a line break.
            ConsumeLineBreak();
            return [.. fields];
        }
    }

    private string? ReadField()
    {
        if (AtEnd || _text[_pos] is ',' or '\r' or '\n')
        {
            return null;
        }

        return _text[_pos] == '"' ? ReadQuoted() : ReadUnquoted();
    }

    private string ReadUnquoted()
    {
        int start = _pos;
        while (!AtEnd && _text[_pos] is not (',' or '\r' or '\n'))
        {
            if (_text[_pos] == '"')
            {
                throw new OutputFormatException(path, _line,
                    "a double quote inside an unquoted field; quote the whole field and double the inner quote");
            }

            _pos++;
        }

        return _text[start.._pos];
    }

    private string ReadQuoted()
    {
        int openLine = _line;
        _pos++; // the opening quote
        var value = new System.Text.StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw new OutputFormatException(path, openLine, "a quoted field opened on this line is never closed");
            }

            char c = _text[_pos++];
            if (c == '"')
            {
                if (!AtEnd && _text[_pos] == '"')
                {
                    value.Append('"');
                    _pos++;
                    continue;
                }

                if (!AtEnd && _text[_pos] is not (',' or '\r' or '\n'))
                {
                    throw new OutputFormatException(path, _line, "unexpected text after a closing double quote");
                }

                return value.ToString();
            }

            if (c == '\n' || (c == '\r' && (AtEnd || _text[_pos] != '\n')))
            {
                _line++;
            }

            value.Append(c);
        }
    }

    private void ConsumeLineBreak()
    {
        // CRLF, LF and a lone CR each end one line.
        if (_text[_pos] == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n')
        {
            _pos++;
        }

        _pos++;
        _line++;
    }
}
